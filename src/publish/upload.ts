/**
 * Writing to the release without ever losing or altering a user's asset. A sidecar is replaced by
 * uploading the new one under a temporary name, deleting the stale one, then renaming, so the
 * release is never left without a sidecar by a failure that a re-run could not repair.
 *
 * A write that failed midway (a dropped connection, a timeout, GitHub giving up) may still have
 * landed: the release is read back, a file with our bytes is taken as done, and what is left
 * (the stale file, a temporary upload) is cleaned up by the next attempt.
 */
import { UserError } from '../errors.js'
import { isUnavailable } from '../github/errors.js'
import type { Asset, Release, ReleaseClient, UploadBody } from '../github/releases.js'
import { tempName } from '../names.js'
import { digestBuffer } from '../util/digest.js'
import { quote } from '../util/format.js'
import { withRetries } from '../util/retry.js'

export interface UploadRequest {
  name: string
  body: UploadBody
  contentType: string
  /** Our stale file of the same name, to replace. */
  replace?: Asset
  /** A leftover temporary upload of an earlier run. */
  staleTemp?: Asset
  /** Hex SHA-256 of the body; computed for a buffer when absent. */
  sha256?: string
}

/**
 * Uploads a file. When GitHub was unavailable midway (an error, a timeout, a lost connection), the
 * write may have landed anyway: the release is read back before the next try. A refusal is final.
 */
export async function putFile(
  client: ReleaseClient,
  release: Release,
  request: UploadRequest,
  attempts = UPLOAD_ATTEMPTS
): Promise<Asset> {
  const sha256 =
    request.sha256 ?? ('buffer' in request.body ? digestBuffer(request.body.buffer).sha256 : '')
  let current = request
  return withRetries(
    async () => {
      try {
        return await writeOnce(client, release, current)
      } catch (error) {
        if (!isUnavailable(error)) throw error
        const assets = await client.listAssets(release.id)
        const left = assets.find((a) => a.name === request.name)
        if (left?.state === 'uploaded' && sha256 && left.digest === sha256) return left
        // A complete file under the name that is neither ours nor the one being replaced: a re-run
        // will judge it; this run does not touch it.
        if (left?.state === 'uploaded' && left.id !== current.replace?.id) {
          throw new UserError(
            'FOREIGN_FILE',
            `Another file named ${quote(request.name)} appeared on the release while this run was uploading it`,
            're-run the job: it keeps the file if it is a valid one of ours, and never replaces a file of yours',
            { cause: error }
          )
        }
        const temp = assets.find((a) => a.name === tempName(request.name))
        current = { ...current, replace: left, staleTemp: temp }
        throw error
      }
    },
    { attempts, retryable: isUnavailable }
  )
}

/** Tries of one upload (each a single request: GitHub's own retries would not look first). */
const UPLOAD_ATTEMPTS = 5

async function writeOnce(
  client: ReleaseClient,
  release: Release,
  request: UploadRequest
): Promise<Asset> {
  if (request.staleTemp) await client.deleteAsset(request.staleTemp.id)
  const { replace } = request
  if (!replace) return client.uploadAsset(release, request.name, request.body, request.contentType)
  if (replace.state !== 'uploaded') {
    // A broken upload holds the name but has no content worth keeping.
    await client.deleteAsset(replace.id)
    return client.uploadAsset(release, request.name, request.body, request.contentType)
  }
  const uploaded = await client.uploadAsset(
    release,
    tempName(request.name),
    request.body,
    request.contentType
  )
  await client.deleteAsset(replace.id)
  return client.renameAsset(uploaded.id, request.name)
}
