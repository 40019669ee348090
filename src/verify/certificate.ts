/**
 * What a Fulcio certificate says about its signer (SAN, issuer, source repository), and whether a
 * trusted root's certificate authorities issued it. Used before anything is logged (is the trust
 * material right for this instance?) and to recognise files on a release that this repository's
 * signer wrote.
 */
import { X509Certificate } from '@sigstore/core'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { UserError } from '../errors.js'
import { quote } from '../util/format.js'

/** Fulcio's extensions: v2 values are DER UTF8Strings, v1 values raw bytes. */
const OID = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  issuerV2: '1.3.6.1.4.1.57264.1.8',
  repositoryV1: '1.3.6.1.4.1.57264.1.5',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12'
}

export interface CertificateIdentity {
  san?: string
  issuer?: string
  /** The repository the signing run came from: Fulcio's Source Repository URI (a URL). */
  sourceRepositoryUri?: string
  /** `owner/repo` from the v1 GitHub Workflow Repository extension. */
  repository?: string
}

/** Parses a certificate from DER bytes or PEM text; undefined when it is not one. */
export function parseCertificate(cert: Buffer | string): X509Certificate | undefined {
  try {
    return X509Certificate.parse(cert as Buffer<ArrayBuffer> | string)
  } catch {
    return undefined
  }
}

export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  return {
    san: cert.subjectAltName,
    issuer: extensionText(cert, OID.issuerV2) ?? extensionText(cert, OID.issuerV1),
    sourceRepositoryUri: extensionText(cert, OID.sourceRepositoryUri),
    repository: extensionText(cert, OID.repositoryV1)
  }
}

/**
 * Whether a certificate was issued to a workflow run of this repository: its source repository is
 * `repositoryUrl` (`<server>/<owner>/<repo>`), or its v1 repository extension names `owner/repo`.
 */
export function issuedToRepository(cert: X509Certificate, repositoryUrl: string): boolean {
  const id = certificateIdentity(cert)
  const slug = new URL(repositoryUrl).pathname.replace(/^\/+|\/+$/g, '')
  return (
    sameText(id.sourceRepositoryUri, repositoryUrl.replace(/\/+$/, '')) ||
    sameText(id.repository, slug)
  )
}

/**
 * Why the trusted root's certificate authorities did not issue `leaf` at `now`, or undefined when
 * one of them did (its first chain certificate signed the leaf, and both are valid now).
 */
export function untrustedIssuer(
  leaf: X509Certificate,
  root: TrustedRoot,
  now = new Date()
): string | undefined {
  if (root.certificateAuthorities.length === 0)
    return 'the trusted root lists no certificate authority'
  for (const ca of root.certificateAuthorities) {
    const start = ca.validFor?.start
    const end = ca.validFor?.end
    if ((start && start > now) || (end && end < now)) continue
    const issuer = parseCertificate(Buffer.from(ca.certChain?.certificates[0]?.rawBytes ?? []))
    if (issuer && issuer.validForDate(now) && leaf.validForDate(now) && verifies(leaf, issuer))
      return undefined
  }
  return `none of the trusted root's ${root.certificateAuthorities.length} certificate authorities issued it`
}

function verifies(leaf: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return leaf.verify(issuer)
  } catch {
    return false
  }
}

function extensionText(cert: X509Certificate, oid: string): string | undefined {
  const value = cert.extension(oid)?.value
  if (!value || value.length === 0) return undefined
  // A DER UTF8String (tag 12) in v2 extensions; the raw text in v1 ones.
  if (value[0] === 0x0c) {
    const long = value[1] !== undefined && value[1] >= 0x80
    const lengthBytes = long ? (value[1] ?? 0) - 0x80 : 0
    return value.subarray(2 + lengthBytes).toString('utf8')
  }
  return value.toString('utf8')
}

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase()
}

/**
 * Checked on the certificate Fulcio returns, before any log or timestamp request: the trusted root
 * must trust its issuer and it must name the run's identity, or every bundle would fail to verify
 * after a public log had already recorded it.
 */
export function checkIssuedCertificate(
  pem: string,
  root: TrustedRoot,
  expected: { san: string; issuer: string }
): void {
  const cert = parseCertificate(pem)
  if (!cert) throw new UserError('FULCIO', 'Fulcio returned something that is not a certificate')
  const why = untrustedIssuer(cert, root)
  if (why) {
    throw new UserError(
      'TRUST_MATERIAL',
      `The trusted root does not trust the certificate Fulcio issued: ${why}`,
      "give the trusted root of the instance that signs ('trusted-root' with 'sigstore: custom'); nothing was logged"
    )
  }
  const id = certificateIdentity(cert)
  if (id.san !== expected.san || id.issuer !== expected.issuer) {
    throw new UserError(
      'FULCIO',
      `Fulcio issued a certificate for ${quote(id.san ?? 'no SAN')} (issuer ${quote(id.issuer ?? 'none')}), not for ${quote(expected.san)} (${quote(expected.issuer)})`,
      'check that the signing config names the Fulcio of your instance; nothing was logged'
    )
  }
}
