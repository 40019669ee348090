/** Self-verification: every bundle is checked before upload, against the run's own identity. */
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
import { UserError, messageOf } from '../errors.js'
import { quote } from '../util/format.js'
import { parseStatement, type Statement } from '../intoto.js'
import {
  parseBundle,
  verifyDsseBundle,
  verifyMessageBundle,
  type IdentityPolicy
} from './bundle.js'

export interface SelfVerifier {
  policy: IdentityPolicy
  /** Throws an error that names the file when the bundle does not verify for the digest. */
  verify(name: string, bundle: SerializedBundle, sha256: string): void
  /** Verifies a DSSE bundle (provenance, SBOM) and returns its in-toto statement. */
  verifyStatement(name: string, bundle: SerializedBundle): Statement
}

export function selfVerifier(
  trust: TrustMaterial,
  policy: IdentityPolicy,
  requireTlog: boolean
): SelfVerifier {
  const options = { requireTlog }
  // A bundle checked as soon as it was signed is not checked again before its upload.
  const verified = new WeakMap<SerializedBundle, string>()
  return {
    policy,
    verify(name, bundle, sha256) {
      if (verified.get(bundle) === sha256) return
      try {
        verifyMessageBundle(parseBundle(bundle), Buffer.from(sha256, 'hex'), trust, policy, options)
        verified.set(bundle, sha256)
      } catch (error) {
        throw new UserError(
          'VERIFY',
          `The bundle for ${quote(name)} does not verify: ${messageOf(error)}`,
          undefined,
          { cause: error }
        )
      }
    },
    verifyStatement(name, bundle) {
      try {
        const { payloadType, payload } = verifyDsseBundle(
          parseBundle(bundle),
          trust,
          policy,
          options
        )
        return parseStatement(payloadType, payload)
      } catch (error) {
        throw new UserError('VERIFY', `${name} does not verify: ${messageOf(error)}`, undefined, {
          cause: error
        })
      }
    }
  }
}
