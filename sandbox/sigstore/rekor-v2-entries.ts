/**
 * Rekor v2's one accepted entry type, as rekor-tiles handles it (pkg/types/hashedrekord): a
 * `hashedRekordRequestV002` (digest, signature, verifier with its key details) is verified and
 * becomes the canonical JSON of a `hashedrekord` 0.0.2 Entry, the Merkle leaf. A `dsseRequestV002`
 * is refused as the public-good server refuses it since the dsse type was dropped (May 2026).
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { p256, p384, p521 } from '@noble/curves/nist.js'
import canonicalize from 'canonicalize'
import { x509 } from './x509.js'

export class EntryV2Error extends Error {}

interface Verifier {
  keyDetails?: string
  x509Certificate?: { rawBytes?: string }
  publicKey?: { rawBytes?: string }
}

interface CreateEntryRequest {
  hashedRekordRequestV002?: {
    digest?: string
    signature?: { content?: string; verifier?: Verifier }
  }
  dsseRequestV002?: unknown
}

/** Key details rekor-tiles accepts here, with the hash each signs a digest with. */
const KEY_DETAILS: Record<string, { curve: typeof p256; digestLength: number }> = {
  PKIX_ECDSA_P256_SHA_256: { curve: p256, digestLength: 32 },
  PKIX_ECDSA_P384_SHA_384: { curve: p384, digestLength: 48 },
  PKIX_ECDSA_P521_SHA_512: { curve: p521, digestLength: 64 }
}

/** The canonicalized body of the entry a request creates, or an EntryV2Error (HTTP 400). */
export function canonicalizeRequestV2(raw: unknown): Buffer {
  const request = (raw ?? {}) as CreateEntryRequest
  const hashed = request.hashedRekordRequestV002
  if (!hashed) throw new EntryV2Error('invalid type, must be hashedrekord')
  const digest = Buffer.from(hashed.digest ?? '', 'base64')
  const signature = Buffer.from(hashed.signature?.content ?? '', 'base64')
  const verifier = hashed.signature?.verifier
  if (digest.length === 0) throw new EntryV2Error('missing digest')
  if (signature.length === 0) throw new EntryV2Error('missing signature')
  if (!verifier) throw new EntryV2Error('missing verifier')
  const details = KEY_DETAILS[verifier.keyDetails ?? '']
  if (!details) throw new EntryV2Error(`unsupported key details ${String(verifier.keyDetails)}`)
  if (digest.length !== details.digestLength) throw new EntryV2Error('invalid digest length')
  const key = verifierKey(verifier)
  if (!verifyDigest(key, details.curve, digest, signature))
    throw new EntryV2Error('verifying signature: invalid signature')
  const entry = {
    apiVersion: '0.0.2',
    kind: 'hashedrekord',
    spec: {
      hashedRekordV002: {
        data: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
        signature: {
          content: signature.toString('base64'),
          verifier: {
            ...(verifier.x509Certificate
              ? { x509Certificate: { rawBytes: verifier.x509Certificate.rawBytes } }
              : { publicKey: { rawBytes: verifier.publicKey?.rawBytes } }),
            keyDetails: verifier.keyDetails
          }
        }
      }
    }
  }
  return Buffer.from(canonicalize(entry) ?? '')
}

function verifierKey(verifier: Verifier): KeyObject {
  try {
    if (verifier.x509Certificate?.rawBytes) {
      const cert = new x509.X509Certificate(
        Buffer.from(verifier.x509Certificate.rawBytes, 'base64')
      )
      const spki = Buffer.from(cert.publicKey.rawData)
      return createPublicKey({ key: spki, format: 'der', type: 'spki' })
    }
    if (verifier.publicKey?.rawBytes) {
      const spki = Buffer.from(verifier.publicKey.rawBytes, 'base64')
      return createPublicKey({ key: spki, format: 'der', type: 'spki' })
    }
  } catch (error) {
    throw new EntryV2Error(`invalid verifier: ${String(error)}`)
  }
  throw new EntryV2Error('missing verifier key')
}

/** ECDSA over a digest the client computed (no hashing here), DER signature. */
function verifyDigest(
  key: KeyObject,
  curve: typeof p256,
  digest: Buffer,
  signature: Buffer
): boolean {
  const jwk = key.export({ format: 'jwk' })
  if (key.asymmetricKeyType !== 'ec') return false
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url')
  ])
  try {
    return curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false })
  } catch {
    return false
  }
}
