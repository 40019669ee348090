/**
 * Rekor v1 entry types as rekor-server handles them: a proposed `hashedrekord` or `dsse` 0.0.1
 * entry is verified and turned into the canonical body that becomes the Merkle leaf (JCS of
 * `{apiVersion, kind, spec}`), plus the search-index keys rekor writes for it
 * (pkg/types/hashedrekord/v0.0.1, pkg/types/dsse/v0.0.1).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import canonicalize from 'canonicalize'
import { verifyPrehashed } from './ecdsa-prehashed.js'
import { verifyMessage } from './keys.js'
import { fromPem, toPem } from './pki.js'
import { x509 } from './x509.js'

export class EntryError extends Error {}

export interface CanonicalEntry {
  /** The canonicalized body: the Merkle leaf. */
  body: Buffer
  /** Search-index keys (lower case): key hashes, SANs, artifact and envelope digests. */
  indexKeys: string[]
}

interface ProposedEntry {
  kind?: unknown
  apiVersion?: unknown
  spec?: unknown
}

export function canonicalizeEntry(proposed: unknown): CanonicalEntry {
  const entry = (proposed ?? {}) as ProposedEntry
  if (entry.kind === 'hashedrekord' && entry.apiVersion === '0.0.1') return hashedrekord(entry.spec)
  if (entry.kind === 'dsse' && entry.apiVersion === '0.0.1') return dsse(entry.spec)
  throw new EntryError(`unsupported entry type ${String(entry.kind)} ${String(entry.apiVersion)}`)
}

const HASH_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }
/** Rekor's default algorithm registry: each ECDSA curve with its own hash. */
const CURVES: Record<string, { hash: string; curve: typeof p256 }> = {
  'P-256': { hash: 'sha256', curve: p256 },
  'P-384': { hash: 'sha384', curve: p384 },
  'P-521': { hash: 'sha512', curve: p521 }
}

interface HashedRekordSpec {
  signature?: { content?: string; publicKey?: { content?: string } }
  data?: { hash?: { algorithm?: string; value?: string } }
}

function hashedrekord(rawSpec: unknown): CanonicalEntry {
  const spec = (rawSpec ?? {}) as HashedRekordSpec
  if (!spec.signature?.content) throw new EntryError('missing signature')
  if (!spec.signature.publicKey?.content) throw new EntryError('missing public key')
  const hash = spec.data?.hash
  if (!hash) throw new EntryError('missing hash')
  if (!hash.value) throw new EntryError('missing hash value')
  const algorithm = hash.algorithm ?? 'sha256'
  if (HASH_HEX_LENGTH[algorithm] !== hash.value.length || !/^[0-9a-fA-F]+$/.test(hash.value)) {
    throw new EntryError('invalid value for hash')
  }
  const signature = Buffer.from(spec.signature.content, 'base64')
  const verifier = parseVerifier(Buffer.from(spec.signature.publicKey.content, 'base64'))
  const jwk = verifier.key.export({ format: 'jwk' })
  const scheme = CURVES[jwk.crv ?? '']
  if (verifier.key.asymmetricKeyType !== 'ec' || !scheme) {
    throw new EntryError(
      'unsupported key type (this stand-in verifies ECDSA hashedrekord entries only)'
    )
  }
  if (scheme.hash !== algorithm) throw new EntryError('entry algorithms are not allowed')
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url')
  ])
  let valid = false
  try {
    valid = verifyPrehashed(scheme.curve, signature, Buffer.from(hash.value, 'hex'), point)
  } catch {
    valid = false
  }
  if (!valid)
    throw new EntryError(
      'verifying signature: invalid signature when validating ASN.1 encoded signature'
    )
  const body = {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm, value: hash.value } },
      signature: {
        content: signature.toString('base64'),
        publicKey: { content: verifier.canonical.toString('base64') }
      }
    }
  }
  return {
    body: Buffer.from(canonicalize(body) ?? ''),
    indexKeys: lower([
      sha256Hex(verifier.canonical),
      ...verifier.subjects,
      `${algorithm}:${hash.value}`
    ])
  }
}

interface DsseSpec {
  proposedContent?: { envelope?: string; verifiers?: string[] }
}

interface Envelope {
  payload?: string
  payloadType?: string
  signatures?: { sig?: string; keyid?: string }[]
}

function dsse(rawSpec: unknown): CanonicalEntry {
  const content = ((rawSpec ?? {}) as DsseSpec).proposedContent
  if (!content)
    throw new EntryError(
      'either proposedContent or envelopeHash, payloadHash, and signatures must be present'
    )
  if (!content.envelope) throw new EntryError('proposed content envelope is missing')
  let envelope: Envelope
  try {
    envelope = JSON.parse(content.envelope) as Envelope
  } catch (error) {
    throw new EntryError(String(error))
  }
  const sigs = (envelope.signatures ?? []).map((s) => s.sig ?? '')
  if (sigs.length === 0) throw new EntryError('DSSE envelope must contain 1 or more signatures')
  const payload = Buffer.from(envelope.payload ?? '', 'base64')
  const pae = preAuthEncoding(envelope.payloadType ?? '', payload)

  // Every verifier must verify at least one signature until all signatures are verified.
  const verifierOf = new Map<string, Verifier>()
  for (const raw of content.verifiers ?? []) {
    if (verifierOf.size === new Set(sigs).size) break
    const verifier = parseVerifier(Buffer.from(raw, 'base64'))
    const hash = verifier.key.asymmetricKeyType === 'ed25519' ? null : 'sha256'
    const accepted = sigs.filter((sig) =>
      verifyMessage(verifier.key, hash, pae, Buffer.from(sig, 'base64'))
    )
    if (accepted.length === 0)
      throw new EntryError('could not verify envelope: no valid signature for this verifier')
    for (const sig of accepted) verifierOf.set(sig, verifier)
  }
  if (verifierOf.size < new Set(sigs).size)
    throw new EntryError('all signatures must have a key that verifies it')

  const signatures = [...verifierOf.keys()].sort().map((sig) => ({
    signature: sig,
    verifier: (verifierOf.get(sig) as Verifier).canonical.toString('base64')
  }))
  const payloadHash = sha256Hex(payload)
  const envelopeHash = sha256Hex(Buffer.from(content.envelope))
  const body = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: envelopeHash },
      payloadHash: { algorithm: 'sha256', value: payloadHash },
      signatures
    }
  }
  const keys: string[] = []
  for (const verifier of new Set(verifierOf.values())) {
    keys.push(`sha256:${sha256Hex(verifier.canonical)}`, ...verifier.subjects)
  }
  keys.push(`sha256:${payloadHash}`, `sha256:${envelopeHash}`)
  if (envelope.payloadType === 'application/vnd.in-toto+json') keys.push(...inTotoDigests(payload))
  return { body: Buffer.from(canonicalize(body) ?? ''), indexKeys: lower(keys) }
}

/** DSSE's PAE: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType)
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload
  ])
}

/** `alg:digest` of each in-toto subject and SLSA material, which rekor indexes. */
function inTotoDigests(payload: Buffer): string[] {
  try {
    const statement = JSON.parse(payload.toString('utf8')) as {
      subject?: { digest?: Record<string, string> }[]
      predicate?: { materials?: { digest?: Record<string, string> }[] }
    }
    const digests = [...(statement.subject ?? []), ...(statement.predicate?.materials ?? [])]
    return digests.flatMap((d) =>
      Object.entries(d.digest ?? {}).map(([alg, value]) => `${alg}:${value}`)
    )
  } catch {
    return []
  }
}

export interface Verifier {
  /** Rekor's canonical value: the PEM re-encoded as Go writes it. */
  readonly canonical: Buffer
  readonly key: KeyObject
  /** Subject alternative names of a certificate. */
  readonly subjects: readonly string[]
}

/**
 * Verifiers already parsed, by their PEM text: a run's entries all carry one certificate, and
 * parsing it again took most of this stand-in's time per entry (about 5 ms), which held a run of
 * hundreds of entries to the log's pace rather than the client's. Failures are not kept.
 */
const parsedVerifiers = new Map<string, Verifier>()
const PARSED_LIMIT = 256

/** A PEM certificate (chain) or PEM public key, as rekor pkg/pki/x509 accepts. */
export function parseVerifier(pem: Buffer): Verifier {
  const text = pem.toString('latin1')
  const known = parsedVerifiers.get(text)
  if (known) return known
  const verifier = parseVerifierText(text)
  if (parsedVerifiers.size >= PARSED_LIMIT) parsedVerifiers.clear()
  parsedVerifiers.set(text, verifier)
  return verifier
}

function parseVerifierText(text: string): Verifier {
  const blocks = fromPem(text)
  const first = blocks[0]
  try {
    if (first?.label === 'CERTIFICATE') {
      const certs = blocks.filter((b) => b.label === 'CERTIFICATE')
      const cert = new x509.X509Certificate(first.der)
      const san = cert.getExtension(x509.SubjectAlternativeNameExtension)
      return {
        canonical: Buffer.from(certs.map((c) => toPem(c.der)).join('')),
        key: createPublicKey({
          key: Buffer.from(cert.publicKey.rawData),
          format: 'der',
          type: 'spki'
        }),
        subjects: (san?.names.items ?? []).map((name) => name.value)
      }
    }
    if (first?.label === 'PUBLIC KEY') {
      const key = createPublicKey({ key: first.der, format: 'der', type: 'spki' })
      return { canonical: Buffer.from(toPem(first.der, 'PUBLIC KEY')), key, subjects: [] }
    }
  } catch (error) {
    throw new EntryError(`invalid public key: ${String(error)}`)
  }
  throw new EntryError('invalid public key: no PEM certificate or public key found')
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function lower(keys: string[]): string[] {
  return keys.map((k) => k.toLowerCase())
}
