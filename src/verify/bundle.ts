/**
 * Bundle verification shared by the action's self-check and the CLI: a Sigstore bundle against a
 * trusted root and an identity policy. Message signatures are checked against the artifact's
 * SHA-256 digest, never its bytes, so verifying a 2 GiB asset costs one streamed hash.
 */
import { verifyPrehashed as verifyP256 } from '../util/p256.js'
import { bundleFromJSON, type Bundle, type MessageSignature } from '@sigstore/bundle'
import { crypto as sigcrypto } from '@sigstore/core'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import {
  toTrustMaterial,
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  type VerificationPolicy
} from '@sigstore/verify'
import type { KeyObject } from 'node:crypto'
import { signedEntity, verifier, type VerifyOptions } from './verifier.js'

export interface IdentityPolicy {
  /** Exact certificate SAN (a string), or a pattern. */
  san: string | RegExp
  /** The OIDC issuer the certificate names; absent where it is not pinned (GitHub's own signer). */
  issuer?: string
  /** The repository the signing run must have come from (Fulcio's Source Repository URI). */
  sourceRepositoryUri?: string
  /** `github-hosted` or `self-hosted`: Fulcio's Runner Environment. */
  runnerEnvironment?: string
  /** The event that started the run (`push`, `release`, ...): Fulcio's Build Trigger. */
  trigger?: string
}

/**
 * Fulcio's extensions for GitHub's claims, DER UTF8Strings (fulcio docs/oid-info.md):
 * 1.3.6.1.4.1.57264.1.N with N = 11 Runner Environment, 12 Source Repository URI, 20 Build Trigger.
 */
const fulcioOid = (n: number): number[] => [1, 3, 6, 1, 4, 1, 57264, 1, n]
const EXTENSION_OIDS = { runnerEnvironment: 11, sourceRepositoryUri: 12, trigger: 20 } as const

export function trustMaterialFrom(root: TrustedRoot): TrustMaterial {
  return toTrustMaterial(root)
}

/** Parses a bundle from its JSON (throws when it is not a valid bundle; callers name the file). */
export function parseBundle(json: unknown): Bundle {
  return bundleFromJSON(json)
}

/** Verifies a message-signature bundle for an artifact known by its SHA-256 digest. */
export function verifyMessageBundle(
  bundle: Bundle,
  digest: Buffer,
  trust: TrustMaterial,
  policy: IdentityPolicy,
  options: VerifyOptions
): Signer {
  if (bundle.content.$case !== 'messageSignature') {
    throw new Error('the bundle holds a DSSE envelope, not a message signature')
  }
  const entity: SignedEntity = {
    ...signedEntity(bundle),
    signature: digestContent(bundle.content.messageSignature, digest)
  }
  return verifier(trust, options).verify(entity, toPolicy(policy))
}

/** Verifies a DSSE bundle (its signature covers the envelope's payload) and returns the payload. */
export function verifyDsseBundle(
  bundle: Bundle,
  trust: TrustMaterial,
  policy: IdentityPolicy,
  options: VerifyOptions
): { payloadType: string; payload: Buffer; signer: Signer } {
  if (bundle.content.$case !== 'dsseEnvelope') {
    throw new Error('the bundle holds a message signature, not a DSSE envelope')
  }
  const signer = verifier(trust, options).verify(signedEntity(bundle), toPolicy(policy))
  const envelope = bundle.content.dsseEnvelope
  return { payloadType: envelope.payloadType, payload: envelope.payload, signer }
}

/** The expected SAN as a pattern: a string must match whole. */
function sanPattern(policy: Pick<IdentityPolicy, 'san'>): RegExp {
  return typeof policy.san === 'string' ? new RegExp(`^${escapeRegExp(policy.san)}$`) : policy.san
}

/** Whether an identity (a SAN, or a builder id that must equal it) is the one the policy expects. */
export function sanMatches(policy: Pick<IdentityPolicy, 'san'>, identity: string): boolean {
  return sanPattern(policy).test(identity)
}

export function toPolicy(policy: IdentityPolicy): VerificationPolicy {
  const san = sanPattern(policy)
  const oids = Object.entries(EXTENSION_OIDS).flatMap(([key, n]) => {
    const value = policy[key as keyof typeof EXTENSION_OIDS]
    return value === undefined ? [] : [{ oid: { id: fulcioOid(n) }, value: derUtf8(value) }]
  })
  return {
    subjectAlternativeName: san,
    extensions: policy.issuer === undefined ? undefined : { issuer: policy.issuer },
    oids: oids.length > 0 ? oids : undefined
  }
}

/** DER UTF8String: @sigstore/verify compares extension values as raw bytes. */
function derUtf8(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8')
  const length = bytes.length < 128 ? [bytes.length] : [0x81, bytes.length]
  return Buffer.concat([Buffer.from([0x0c, ...length]), bytes])
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The signature content of a message bundle when only the artifact's digest is known: the bundle's
 * digest must equal the artifact's, and the signature must verify over that digest (prehashed).
 */
function digestContent(
  message: MessageSignature,
  artifactDigest: Buffer
): SignedEntity['signature'] {
  const { signature, messageDigest } = message
  const bundleDigest = Buffer.from(messageDigest?.digest ?? [])
  return {
    signature,
    compareSignature: (other: Buffer) => sigcrypto.bufferEqual(other, signature),
    compareDigest: (other: Buffer) => sigcrypto.bufferEqual(other, bundleDigest),
    compareSignedDigest: (other: Buffer) => sigcrypto.bufferEqual(other, bundleDigest),
    verifySignature: (key: KeyObject) =>
      sigcrypto.bufferEqual(artifactDigest, bundleDigest) &&
      verifyPrehashed(key, artifactDigest, signature)
  }
}

export function verifyPrehashed(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const jwk = key.export({ format: 'jwk' })
  if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y) return false
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url')
  ])
  // Other signers (Go, Python) do not normalise S: high-S signatures are accepted, as by OpenSSL.
  return verifyP256(point, digest, signature)
}
