/**
 * GitHub's attestations API: the provenance is stored there too, so `gh attestation verify` finds it
 * without the file. `auto` turns "not available here" into a warning that says why.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError, messageOf } from '../errors.js'
import { status } from '../github/errors.js'
import type { ReleaseClient } from '../github/releases.js'
import type { AttestationsMode } from '../inputs.js'
import type { Log } from '../log.js'

export interface StoredAttestation {
  id: number
  url: string
}

export async function storeAttestation(
  client: ReleaseClient,
  bundle: unknown,
  mode: AttestationsMode,
  serverUrl: string,
  log: Log,
  what = 'the provenance'
): Promise<StoredAttestation | undefined> {
  if (mode === 'false') return undefined
  try {
    const id = await client.createAttestation(bundle)
    const url = `${serverUrl.replace(/\/+$/, '')}/${client.slug()}/attestations/${id}`
    log.info(`Stored ${what} in GitHub's attestations API: ${url}`)
    return { id, url }
  } catch (error) {
    const code = status(error)
    const unavailable = code === 404 || (code === 422 && /not available/i.test(messageOf(error)))
    const why = unavailable
      ? "the attestations API is not available for this repository (user-owned private repositories and GitHub Enterprise Server don't have it)"
      : code === 403
        ? "the token may not write attestations: grant 'attestations: write'"
        : undefined
    if (!why) throw error
    const message = `Could not store ${what} in GitHub's attestations API (HTTP ${String(code)}): ${why}`
    if (mode === 'true')
      throw new UserError(
        'ATTESTATIONS',
        message,
        "set 'attestations: auto' to continue without it",
        {
          cause: error
        }
      )
    log.warning(`${message}. It is on the release as a file. (${messageOf(error)})`)
    return undefined
  }
}

/**
 * For a statement kept from an earlier run: stores it unless GitHub already holds it, so a re-run
 * after a failed attestation step finishes the job.
 */
export async function ensureAttestation(
  client: ReleaseClient,
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
    const stored = await client.listAttestations(subjectDigest)
    if (
      stored.some((b) => (b as SerializedBundle).dsseEnvelope?.signatures[0]?.sig === signature)
    ) {
      log.info("The attestation is already in GitHub's attestations API")
      return undefined
    }
  } catch (error) {
    // Unavailable here: storing will say so, or warn, as the mode asks.
    log.debug(`Listing attestations failed: ${messageOf(error)}`)
  }
  return storeAttestation(client, bundle, mode, serverUrl, log, what)
}
