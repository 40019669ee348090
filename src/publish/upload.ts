/**
 * Writing to the release without ever losing or altering a user's asset. A sidecar is replaced by
 * uploading the new one under a temporary name, deleting the stale one, then renaming, so the
 * release is never left without a sidecar by a failure that a re-run could not repair.
 */
import { UserError } from '../errors.js'
import {
  status,
  type Asset,
  type Release,
  type ReleaseClient,
  type UploadBody
} from '../github/releases.js'
import { tempName } from '../names.js'

export interface UploadRequest {
  name: string
  body: UploadBody
  contentType: string
  /** Our stale file of the same name, to replace. */
  replace?: Asset
  /** A leftover temporary upload of an earlier run. */
  staleTemp?: Asset
}

export async function putFile(
  client: ReleaseClient,
  release: Release,
  request: UploadRequest
): Promise<Asset> {
  return guardWrite(client, async () => {
    if (request.staleTemp) await client.deleteAsset(request.staleTemp.id)
    const { replace } = request
    if (!replace)
      return client.uploadAsset(release, request.name, request.body, request.contentType)
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
  })
}

/** Uploads a local file, retrying what a dropped connection leaves behind. */
export async function putLocalFile(
  client: ReleaseClient,
  release: Release,
  request: UploadRequest & { sha256: string },
  attempts = 3
): Promise<Asset> {
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await putFile(client, release, request)
    } catch (error) {
      if (error instanceof UserError) throw error
      lastError = error
      const left = (await client.listAssets(release.id)).find((a) => a.name === request.name)
      if (left?.state === 'uploaded' && left.digest === request.sha256) return left
      request = { ...request, replace: left, staleTemp: undefined }
    }
  }
  throw lastError
}

/** Turns GitHub's answers to a write into errors that say what to fix. */
export async function guardWrite<T>(client: ReleaseClient, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const code = status(error)
    if (code === 403 && !/rate limit/i.test(String((error as Error).message))) {
      throw new UserError(
        'PERMISSION',
        `GitHub refused to write to the releases of ${client.slug()} (HTTP 403): the token lacks 'contents: write'`,
        'grant it in the job:\n  permissions:\n    contents: write\n    id-token: write',
        { cause: error }
      )
    }
    if (code === 422 && /immutable/i.test(String((error as Error).message))) {
      throw new UserError(
        'RELEASE',
        'GitHub refused the upload: the release is immutable',
        "sign while the release is a draft, and let this action publish it with 'publish: true'",
        { cause: error }
      )
    }
    throw error
  }
}
