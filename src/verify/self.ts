/** Self-verification: every bundle is checked before upload, against the run's own identity. */
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
import { UserError, messageOf } from '../errors.js'
import { parseBundle, verifyMessageBundle, type IdentityPolicy } from './bundle.js'

export interface SelfVerifier {
  policy: IdentityPolicy
  /** Throws an error that names the asset when the bundle does not verify. */
  verify(name: string, bundle: SerializedBundle, sha256: string): void
}

export function selfVerifier(
  trust: TrustMaterial,
  policy: IdentityPolicy,
  requireTlog: boolean
): SelfVerifier {
  return {
    policy,
    verify(name, bundle, sha256) {
      try {
        verifyMessageBundle(parseBundle(bundle), Buffer.from(sha256, 'hex'), trust, policy, {
          requireTlog
        })
      } catch (error) {
        throw new UserError(
          `The bundle for '${name}' does not verify: ${messageOf(error)}`,
          undefined,
          { cause: error }
        )
      }
    }
  }
}
