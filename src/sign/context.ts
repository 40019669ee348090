/**
 * The run's signing context: one Fulcio certificate and the witnesses (Rekor, TSA) every bundle of
 * the run goes through, with the timeouts and retries of each Sigstore service.
 */
import { RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import type { Instance } from '../sigstore/instance.js'
import { retryBaseDelayMs } from '../util/retry.js'
import { httpTimeoutMs } from '../util/timeout.js'
import { RekorV2Witness } from './rekor-v2-witness.js'
import { createRunSigner, type FetchOptions, type RunSigner } from './signer.js'

/**
 * Fulcio, Rekor and the TSA: 30 s per attempt (or SIGN_RELEASE_HTTP_TIMEOUT_MS when shorter), and
 * three retries of server errors, 408/429 and lost connections, 1 s, 2 s, 4 s apart (the first
 * delay is SIGN_RELEASE_RETRY_BASE_MS when set). Read when signing starts, so tests can set both.
 */
export function sigstoreFetch(): FetchOptions {
  return {
    timeout: Math.min(30000, httpTimeoutMs()),
    retry: { retries: 3, minTimeout: retryBaseDelayMs(), factor: 2 }
  }
}

export function witnessesFor(instance: Instance, fetch: FetchOptions = sigstoreFetch()): Witness[] {
  const witnesses: Witness[] = []
  if (instance.rekorUrl && instance.rekorVersion === 2) {
    // Rekor v2 batches writes: a request can take seconds, so the timeout is never under 20 s.
    witnesses.push(
      new RekorV2Witness(instance.rekorUrl, {
        ...fetch,
        timeout: Math.max(fetch.timeout ?? 0, 20000)
      })
    )
  } else if (instance.rekorUrl) {
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
  /** Whose failures these are (service URLs for errors). */
  instance: Instance
}

export async function startSigning(instance: Instance, token: string): Promise<SignContext> {
  const fetch = sigstoreFetch()
  const signer = await createRunSigner(instance.fulcioUrl, token, fetch)
  return { signer, witnesses: witnessesFor(instance, fetch), instance }
}
