/**
 * Verifying one artifact against one bundle, whatever the bundle holds: a message signature (over
 * the artifact's bytes, or only its SHA-256 when that is all we have) or a DSSE in-toto statement
 * that must list the artifact's digest among its subjects.
 */
import { createHash } from 'node:crypto'
import type { Bundle } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
import { parseStatement } from '../intoto.js'
import { toPolicy, verifyDsseBundle, verifyMessageBundle, type IdentityPolicy } from './bundle.js'
import { signedEntity, verifier } from './verifier.js'

export type Artifact = { data: Buffer } | { sha256: Buffer }

export interface ArtifactCheck {
  bundle: Bundle
  artifact: Artifact
  trust: TrustMaterial
  /** The identity to require; absent for managed keys, which carry no identity. */
  policy?: IdentityPolicy
  requireTlog: boolean
}

export function verifyArtifact(check: ArtifactCheck): void {
  const { bundle, artifact, trust, policy } = check
  const options = { requireTlog: check.requireTlog }
  const sha256 =
    'sha256' in artifact ? artifact.sha256 : createHash('sha256').update(artifact.data).digest()
  if (bundle.content.$case === 'dsseEnvelope') {
    const { payloadType, payload } = policy
      ? verifyDsseBundle(bundle, trust, policy, options)
      : verifyWithoutPolicy(bundle, trust, options)
    const statement = parseStatement(payloadType, payload)
    const hex = sha256.toString('hex')
    if (!statement.subject.some((s) => s.digest.sha256 === hex)) {
      throw new Error(`the statement does not list the artifact's digest sha256:${hex}`)
    }
    return
  }
  if ('data' in artifact) {
    const entity = signedEntity(bundle, artifact.data)
    verifier(trust, options).verify(entity, policy ? toPolicy(policy) : undefined)
    return
  }
  if (!policy)
    throw new Error('a managed-key bundle needs the artifact itself, not only its digest')
  verifyMessageBundle(bundle, sha256, trust, policy, options)
}

function verifyWithoutPolicy(
  bundle: Bundle,
  trust: TrustMaterial,
  options: { requireTlog: boolean }
): { payloadType: string; payload: Buffer } {
  verifier(trust, options).verify(signedEntity(bundle))
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle')
  return {
    payloadType: bundle.content.dsseEnvelope.payloadType,
    payload: bundle.content.dsseEnvelope.payload
  }
}
