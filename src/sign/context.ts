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
import { laneFetch, lanesFor, witnessLanes } from './witness-lanes.js'

/** Bundles signed at once: each waits on a Rekor and a TSA round trip (hundreds of ms), not on this machine. */
export const SIGN_CONCURRENCY = 32

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
  // Every bundle signing at once has its own connection to each service (src/sign/witness-lanes.ts).
  const lanes = lanesFor(SIGN_CONCURRENCY)
  const witnesses: Witness[] = []
  const { rekorUrl, tsaUrl } = instance
  if (rekorUrl && instance.rekorVersion === 2) {
    // Rekor v2 batches writes: a request can take seconds, so the timeout is never under 20 s.
    const slow = { ...fetch, timeout: Math.max(fetch.timeout, 20000) }
    witnesses.push(witnessLanes(lanes, (i) => new RekorV2Witness(rekorUrl, laneFetch(slow, i))))
  } else if (rekorUrl) {
    witnesses.push(
      witnessLanes(
        lanes,
        (i) =>
          new RekorWitness({
            rekorBaseURL: rekorUrl,
            fetchOnConflict: true,
            ...laneFetch(fetch, i)
          })
      )
    )
  }
  if (tsaUrl) {
    witnesses.push(
      witnessLanes(lanes, (i) => new TSAWitness({ tsaBaseURL: tsaUrl, ...laneFetch(fetch, i) }))
    )
  }
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
