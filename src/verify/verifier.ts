/**
 * The sigstore-js Verifier for a trusted root, one per root and options, with its certificate step
 * remembered. sigstore-js checks a leaf certificate's chain again for every timestamp of every
 * bundle, re-encoding each certificate on the way: about 7 ms of CPU a bundle, most of a release's
 * verification, though all of a run's bundles carry one certificate. The answer is the same for
 * two timestamps on the same side of every validity bound that chain building compares a
 * timestamp with (each trusted CA's period, and the notBefore/notAfter of each certificate a path
 * can hold: the CAs' own and the leaf's), so it is kept per leaf and per such "time class". Only
 * successes are kept; a failure is worked out again each time.
 *
 * The trusted root's own certificates (the CAs', the TSAs') are checked against each other again
 * for every timestamp too: their signature checks and comparisons are remembered on those objects,
 * which nothing changes once the root is read.
 */
import type { Bundle } from '@sigstore/bundle'
import type { X509Certificate } from '@sigstore/core'
import {
  toSignedEntity,
  Verifier,
  type SignedEntity,
  type Signer,
  type TrustMaterial
} from '@sigstore/verify'

export interface VerifyOptions {
  /** Bundles must carry a transparency-log entry (false for instances without a log). */
  requireTlog: boolean
}

type SigningKeyStep = (entity: SignedEntity, timestamps: Date[]) => Signer

/** Leaves whose certificate steps are remembered per verifier before the memo starts over. */
const MEMO_LIMIT = 1000

const verifiers = new WeakMap<TrustMaterial, Map<boolean, Verifier>>()
/**
 * The DER bytes each parsed leaf came from: re-encoding them (for the memo's key, and each time
 * chain building compares the leaf with a trusted certificate) would cost what the memo saves.
 */
const leafBytes = new WeakMap<X509Certificate, Buffer>()

export function verifier(trust: TrustMaterial, options: VerifyOptions): Verifier {
  let byOptions = verifiers.get(trust)
  if (!byOptions) verifiers.set(trust, (byOptions = new Map<boolean, Verifier>()))
  let found = byOptions.get(options.requireTlog)
  if (!found) byOptions.set(options.requireTlog, (found = memoised(trust, options)))
  return found
}

/** Parsed leaf certificates by their DER (base64): a run's or a release's bundles share one. */
const parsedLeaves = new Map<string, X509Certificate>()

/**
 * sigstore-js's SignedEntity for a bundle, its leaf certificate marked with the bytes it came from.
 * A leaf seen before is not parsed again: sigstore-js parses it for every bundle, and its ASN.1
 * parser throws and catches an error for each extension whose value is not DER (Fulcio's older
 * ones): about 0.8 ms a bundle, half the cost of making the entity.
 */
export function signedEntity(bundle: Bundle, data?: Buffer): SignedEntity {
  const material = bundle.verificationMaterial.content
  const raw =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.$case === 'x509CertificateChain'
        ? material.x509CertificateChain.certificates[0]?.rawBytes
        : undefined
  if (!raw) return toSignedEntity(bundle, data)
  const id = Buffer.from(raw).toString('base64')
  const known = parsedLeaves.get(id)
  if (known) {
    // The same bundle with no certificate to parse; the kept one takes its place.
    const keyless: Bundle = {
      ...bundle,
      verificationMaterial: {
        ...bundle.verificationMaterial,
        content: { $case: 'publicKey', publicKey: { hint: '' } }
      }
    }
    return { ...toSignedEntity(keyless, data), key: { $case: 'certificate', certificate: known } }
  }
  const entity = toSignedEntity(bundle, data)
  if (entity.key.$case === 'certificate') {
    leafBytes.set(entity.key.certificate, Buffer.from(raw))
    if (parsedLeaves.size >= MEMO_LIMIT) parsedLeaves.clear()
    parsedLeaves.set(id, entity.key.certificate)
  }
  return entity
}

function memoised(trust: TrustMaterial, options: VerifyOptions): Verifier {
  for (const authority of [...trust.certificateAuthorities, ...trust.timestampAuthorities])
    authority.certChain.forEach(rememberChecks)
  const created = new Verifier(trust, {
    tlogThreshold: options.requireTlog ? 1 : 0,
    // An instance whose trusted root names no CT log (GitHub's) issues certificates without SCTs:
    // none could be checked. Any root that names CT logs requires one.
    ctlogThreshold: trust.ctlogs.length > 0 ? 1 : 0,
    timestampThreshold: 1
  })
  // A private step of sigstore-js's Verifier: should a release rename it, verification stays
  // whole, only without the memo.
  const steps = created as unknown as { verifySigningKey?: SigningKeyStep }
  const original = steps.verifySigningKey
  if (typeof original !== 'function') return created
  const bounds = trust.certificateAuthorities.flatMap((ca) => [
    ca.validFor.start.getTime(),
    ca.validFor.end.getTime(),
    ...ca.certChain.flatMap(validity)
  ])
  const memo = new Map<string, Signer>()
  steps.verifySigningKey = (entity, timestamps) => {
    if (entity.key.$case !== 'certificate') return original.call(created, entity, timestamps)
    const leaf = entity.key.certificate
    const leafBounds = [...bounds, ...validity(leaf)]
    const classes = timestamps.map((t) => timeClass(t.getTime(), leafBounds))
    const key = `${derOf(leaf).toString('base64')} ${classes.join(' ')}`
    const known = memo.get(key)
    if (known) return known
    const signer = original.call(created, entity, timestamps)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(key, signer)
    return signer
  }
  return created
}

/** Bytes of the trusted certificates, kept so that comparing with one encodes only the other. */
const trustedDer = new WeakMap<X509Certificate, Buffer>()

/** A trusted certificate that checks its signature by each issuer once, and knows its own bytes. */
function rememberChecks(cert: X509Certificate): void {
  if (trustedDer.has(cert)) return
  trustedDer.set(cert, cert.root.toDER())
  const checked = new WeakMap<X509Certificate, boolean>()
  const verify = cert.verify.bind(cert)
  cert.verify = (issuer?: X509Certificate): boolean => {
    const by = issuer ?? cert
    let valid = checked.get(by)
    if (valid === undefined) checked.set(by, (valid = verify(issuer)))
    return valid
  }
  cert.equals = (other: X509Certificate): boolean =>
    other === cert || derOf(other).equals(derOf(cert))
}

function derOf(cert: X509Certificate): Buffer {
  return trustedDer.get(cert) ?? leafBytes.get(cert) ?? cert.root.toDER()
}

function validity(cert: X509Certificate): number[] {
  return [cert.notBefore.getTime(), cert.notAfter.getTime()]
}

/** Where a time lies against each bound: before, at or after it. */
function timeClass(time: number, bounds: number[]): string {
  return bounds.map((bound) => (time < bound ? '<' : time > bound ? '>' : '=')).join('')
}
