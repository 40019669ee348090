/**
 * The sign stage: one certificate for the run, then per subject a prehashed signature, a Rekor entry
 * and a timestamp. Everything happens inside the certificate's ten-minute window, after hashing.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { UserError, messageOf } from '../errors.js'
import type { Log } from '../log.js'
import type { Instance } from '../sigstore/instance.js'
import { mapLimit } from '../util/pool.js'
import { signDigestBundle } from './message.js'
import { createRunSigner, type FetchOptions, type RunSigner } from './signer.js'

export const SIGSTORE_FETCH: FetchOptions = { timeout: 30000, retry: 3 }

export function witnessesFor(instance: Instance, fetch: FetchOptions = SIGSTORE_FETCH): Witness[] {
  const witnesses: Witness[] = []
  if (instance.rekorUrl) {
    witnesses.push(
      new RekorWitness({ rekorBaseURL: instance.rekorUrl, fetchOnConflict: true, ...fetch })
    )
  }
  if (instance.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: instance.tsaUrl, ...fetch }))
  return witnesses
}

export interface SignContext {
  signer: RunSigner
  witnesses: Witness[]
}

export async function startSigning(instance: Instance, token: string): Promise<SignContext> {
  const signer = await createRunSigner(instance.fulcioUrl, token, SIGSTORE_FETCH)
  return { signer, witnesses: witnessesFor(instance) }
}

export async function signDigests(
  context: SignContext,
  items: { name: string; sha256: string }[],
  log: Log,
  concurrency: number
): Promise<Map<string, SerializedBundle>> {
  const bundles = await mapLimit(items, concurrency, async (item) => {
    try {
      const bundle = await signDigestBundle(
        context.signer,
        context.witnesses,
        Buffer.from(item.sha256, 'hex')
      )
      const index = bundle.verificationMaterial.tlogEntries[0]?.logIndex
      log.info(`Signed ${item.name}${index ? ` (Rekor log index ${index})` : ''}`)
      return [item.name, bundle] as const
    } catch (error) {
      throw new UserError(
        `Signing '${item.name}' failed: ${messageOf(error)}`,
        're-run the job: assets signed so far are kept',
        {
          cause: error
        }
      )
    }
  })
  return new Map(bundles)
}
