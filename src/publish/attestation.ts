/**
 * GitHub's attestations API: the provenance is stored there too, so `gh attestation verify` finds it
 * without the file. `auto` turns "not available here" into a warning that says why.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError, messageOf } from '../errors.js'
import { AttestationsRefused, type AttestationsClient } from '../github/attestations.js'
import type { AttestationsMode } from '../inputs.js'
import type { Log } from '../log.js'

export interface StoredAttestation {
  id: number
  url: string
}

export async function storeAttestation(
  attestations: AttestationsClient,
  bundle: unknown,
  mode: AttestationsMode,
  serverUrl: string,
  log: Log,
  what = 'the provenance'
): Promise<StoredAttestation | undefined> {
  if (mode === 'false') return undefined
  try {
    const id = await attestations.create(bundle)
    const url = attestations.webUrl(serverUrl, id)
    log.info(`Stored ${what} in GitHub's attestations API: ${url}`)
    return { id, url }
  } catch (error) {
    if (!(error instanceof AttestationsRefused)) throw error
    const message = `Could not store ${what} in GitHub's attestations API (HTTP ${error.httpStatus}): ${error.why}`
    if (mode === 'true')
      throw new UserError(
        'ATTESTATIONS',
        message,
        "set 'attestations: auto' to continue without it",
        {
          cause: error
        }
      )
    log.warning(`${message}. It is on the release as a file. (${messageOf(error.cause)})`)
    return undefined
  }
}

/**
 * For a statement kept from an earlier run: stores it unless GitHub already holds it, so a re-run
 * after a failed attestation step finishes the job.
 */
export async function ensureAttestation(
  attestations: AttestationsClient,
  bundle: SerializedBundle,
  subjectDigest: string,
  mode: AttestationsMode,
  serverUrl: string,
  log: Log,
  what?: string
): Promise<StoredAttestation | undefined> {
  if (mode === 'false') return undefined
  const signature = bundle.dsseEnvelope?.signatures[0]?.sig
  try {
    const stored = await attestations.list(subjectDigest)
    if (
      stored?.some((b) => (b as SerializedBundle).dsseEnvelope?.signatures[0]?.sig === signature)
    ) {
      log.info("The attestation is already in GitHub's attestations API")
      return undefined
    }
  } catch (error) {
    // Unavailable here: storing will say so, or warn, as the mode asks.
    log.debug(`Listing attestations failed: ${messageOf(error)}`)
  }
  return storeAttestation(attestations, bundle, mode, serverUrl, log, what)
}
