/**
 * Public keys as the real services accept them: Go's goodkey policy and each key type's default
 * signature scheme (sigstore/sigstore `LoadDefaultVerifier`).
 */
import { verify, type KeyObject } from 'node:crypto'

const CURVE_HASH: Record<string, string> = {
  prime256v1: 'sha256',
  secp384r1: 'sha384',
  secp521r1: 'sha512'
}

/** Why a key is too weak for Fulcio and Rekor, or undefined when it is acceptable. */
export function weakKeyReason(key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {}
  switch (key.asymmetricKeyType) {
    case 'ec':
      return CURVE_HASH[details.namedCurve ?? '']
        ? undefined
        : `unsupported ec curve ${details.namedCurve}`
    case 'rsa':
      return (details.modulusLength ?? 0) >= 2048 && (details.modulusLength ?? 0) <= 4096
        ? undefined
        : `unsupported rsa key size ${details.modulusLength}`
    case 'ed25519':
      return undefined
    default:
      return `unsupported key type ${key.asymmetricKeyType}`
  }
}

/** The hash a key signs with by default: the curve's for ECDSA, SHA-256 for RSA, none for Ed25519. */
export function defaultHash(key: KeyObject): string | null {
  if (key.asymmetricKeyType === 'ed25519') return null
  if (key.asymmetricKeyType === 'ec')
    return CURVE_HASH[key.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'sha256'
  return 'sha256'
}

/** Verifies a signature over a message (not a digest), never throwing. */
export function verifyMessage(
  key: KeyObject,
  hash: string | null,
  message: Buffer,
  signature: Buffer
): boolean {
  try {
    return verify(hash, message, key, signature)
  } catch {
    return false
  }
}
