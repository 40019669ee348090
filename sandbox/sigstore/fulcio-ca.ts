/**
 * Fulcio's CA: a root and an intermediate (P-384, shaped like sigstore.dev's), issuing 10-minute
 * code-signing certificates with an embedded SCT from the CT log, as Fulcio's precertificate flow
 * does: the SCT signs the TBS that the final certificate has once its SCT extension is removed.
 */
import * as asn1js from 'asn1js'
import type { CtLog } from './ctlog.js'
import { sctListExtension } from './ctlog.js'
import type { CertificateIdentity } from './github-identity.js'
import {
  authorityKeyId,
  createCertificate,
  generateKeyPair,
  randomSerial,
  subjectKeyId,
  toPem,
  type KeyPair
} from './pki.js'
import { x509 } from './x509.js'

/** The `O=` of every sandbox CA: `gh attestation verify` matches the leaf issuer's O against the root. */
export const SANDBOX_ORG = 'sign-release sandbox'
/**
 * The `O=` of GitHub's instance's CA. `gh attestation verify` keeps one trusted root per
 * organization (the first line of a `--custom-trusted-root` file wins) and applies GitHub's rules
 * (signed timestamps, no log) to this one, so the GitHub-like CA must not share SANDBOX_ORG.
 */
export const GITHUB_ORG = 'GitHub, Inc.'

const TEN_MINUTES = 10 * 60 * 1000
const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000

export interface FulcioCa {
  root: x509.X509Certificate
  intermediate: x509.X509Certificate
  /** Intermediate then root, PEM. */
  chainPem: string[]
  /** A leaf with an embedded SCT, or without one (`sct: false`, as GitHub's Fulcio issues). */
  issue(
    spki: Buffer,
    identity: CertificateIdentity,
    now: Date,
    options?: { sct?: boolean }
  ): Promise<x509.X509Certificate>
}

/**
 * `name` is the root's common name (the intermediate's is `<name>-intermediate`), `organization`
 * both certificates' `O=`.
 */
export async function createFulcioCa(
  ctlog: CtLog,
  notBefore: Date,
  name = 'sigstore',
  organization = SANDBOX_ORG
): Promise<FulcioCa> {
  const rootKey = await generateKeyPair('P-384')
  const intermediateKey = await generateKeyPair('P-384')
  const notAfter = new Date(notBefore.getTime() + TEN_YEARS)
  const caUsage = new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
    true
  )
  const root = await createCertificate({
    subject: `O=${dnValue(organization)}, CN=${name}`,
    subjectKey: rootKey,
    notBefore,
    notAfter,
    extensions: [
      caUsage,
      new x509.BasicConstraintsExtension(true, undefined, true),
      subjectKeyId(rootKey.spki),
      authorityKeyId(rootKey.spki)
    ]
  })
  const intermediate = await createCertificate({
    subject: `O=${dnValue(organization)}, CN=${name}-intermediate`,
    issuer: { certificate: root, key: rootKey },
    subjectKey: intermediateKey.spki,
    notBefore,
    notAfter,
    extensions: [
      caUsage,
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
      new x509.BasicConstraintsExtension(true, 0, true),
      subjectKeyId(intermediateKey.spki),
      authorityKeyId(rootKey.spki)
    ]
  })
  const issuer = { certificate: intermediate, key: intermediateKey }
  return {
    root,
    intermediate,
    chainPem: [toPem(intermediate.rawData), toPem(root.rawData)],
    issue: (spki, identity, now, options) =>
      issueLeaf(issuer, options?.sct === false ? undefined : ctlog, spki, identity, now)
  }
}

/** A value for a distinguished name string, its special characters escaped (RFC 4514). */
function dnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, '\\$&')
}

async function issueLeaf(
  issuer: { certificate: x509.X509Certificate; key: KeyPair },
  ctlog: CtLog | undefined,
  spki: Buffer,
  identity: CertificateIdentity,
  now: Date
): Promise<x509.X509Certificate> {
  const base = {
    subject: '',
    issuer,
    subjectKey: spki,
    notBefore: now,
    notAfter: new Date(now.getTime() + TEN_MINUTES),
    serialNumber: randomSerial()
  }
  const extensions = [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]),
    subjectKeyId(spki),
    authorityKeyId(issuer.key.spki),
    // Critical because the subject is empty (RFC 5280 §4.2.1.6), as in Fulcio's certificates.
    new x509.SubjectAlternativeNameExtension(
      [{ type: 'url', value: identity.subjectAlternativeName }],
      true
    ),
    ...identity.extensions.map((e) => new x509.Extension(e.oid, false, e.value))
  ]
  // The precertificate's TBS minus its poison extension equals this certificate's TBS: the SCT
  // signs that, and verifiers rebuild it by removing the SCT extension from the final certificate.
  const withoutSct = await createCertificate({ ...base, extensions })
  if (!ctlog) return withoutSct
  const sct = ctlog.precertificateSct(tbsOf(withoutSct.rawData), issuer.key.spki, now)
  return createCertificate({ ...base, extensions: [...extensions, sctListExtension([sct])] })
}

/** The DER TBSCertificate of a certificate, byte for byte. */
function tbsOf(der: ArrayBuffer): Uint8Array {
  const cert = asn1js.fromBER(der).result as asn1js.Sequence
  const tbs = cert.valueBlock.value[0]
  if (!tbs) throw new Error('certificate without TBSCertificate')
  return tbs.valueBeforeDecodeView
}
