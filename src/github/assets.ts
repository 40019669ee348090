/**
 * A release's assets: listed, read (through the API's redirect to signed storage, which works for
 * drafts too), uploaded, renamed and deleted.
 */
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { UserError, messageOf } from '../errors.js'
import { quote } from '../util/format.js'
import { withRetries } from '../util/retry.js'
import { digestStream, type Digested } from '../util/digest.js'
import { uploadTimeoutMs } from '../util/timeout.js'
import { isRateLimited, isUnavailable } from './errors.js'
import type { Release } from './releases.js'
import type { RepoApi } from './repo-api.js'
import { openStorageUrl, STORAGE, StorageError } from './storage.js'
import { digestStorageUrl } from './storage-digest.js'
import { FileBody, streamingFetch } from './stream-fetch.js'

export interface Asset {
  id: number
  name: string
  size: number
  /** `uploaded`, or `starter` for an upload that never finished. */
  state: string
  /** Hex SHA-256 that GitHub computed, when it has one. */
  digest?: string
  contentType: string
  /** The public download URL (`browser_download_url`): what a user without a token fetches. */
  downloadUrl?: string
}

/** Bytes to upload: a small buffer, or a file streamed from disk. */
export type UploadBody = { buffer: Buffer } | { path: string; size: number }

interface RawAsset {
  id: number
  name: string
  size: number
  state: string
  digest?: string | null
  content_type: string
  browser_download_url?: string
}

/** Whole downloads of one asset before giving up. */
const DOWNLOAD_ATTEMPTS = 4

export class AssetsClient {
  constructor(private readonly api: RepoApi) {}

  async list(releaseId: number): Promise<Asset[]> {
    const { octokit, ref } = this.api
    const raw = await this.api.call(() =>
      octokit.paginate(octokit.rest.repos.listReleaseAssets, {
        ...ref,
        release_id: releaseId,
        per_page: 100
      })
    )
    return raw.map(toAsset)
  }

  /**
   * Reads an asset, handing the stream to `consume`. Both hops (the API request and the redirect
   * to signed storage) are time-limited; a failure of either, or of the stream midway, starts the
   * download again from scratch, a bounded number of times. When it gives up, the error names the
   * hop, the asset and the fix.
   */
  read<T>(
    asset: { id: number; name: string },
    consume: (stream: Readable) => Promise<T>,
    attempts = DOWNLOAD_ATTEMPTS
  ): Promise<T> {
    return this.downloading(asset, async () => consume(await this.open(asset)), attempts)
  }

  /**
   * An asset's SHA-256 and size, read as `read` reads it (`onAttempt` is called as each try
   * starts). Storage's plain answer is hashed into one reused buffer (./storage-digest.ts).
   */
  digest(
    asset: { id: number; name: string },
    onBytes?: (n: number) => void,
    onAttempt?: () => void
  ): Promise<Digested> {
    return this.downloading(asset, async () => {
      onAttempt?.()
      const answer = await this.locate(asset)
      if ('stream' in answer) return digestStream(answer.stream, onBytes)
      const fast = await digestStorageUrl(answer.location, onBytes)
      if (fast) return fast
      onAttempt?.()
      return digestStream(await openStorageUrl(answer.location), onBytes)
    })
  }

  /**
   * One attempt at an asset's bytes. GitHub answers with a redirect to signed storage; the API hop
   * is not retried here (`read` retries both hops together, as the signed URL is short-lived).
   */
  async open(asset: { id: number; name: string }): Promise<Readable> {
    const answer = await this.locate(asset)
    return 'stream' in answer ? answer.stream : openStorageUrl(answer.location)
  }

  /** The API hop of a download: storage's signed URL, or (not redirected) the bytes themselves. */
  private async locate(asset: {
    id: number
    name: string
  }): Promise<{ location: string } | { stream: Readable }> {
    const response = await this.api.call(
      () =>
        this.api.octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
          ...this.api.ref,
          asset_id: asset.id,
          headers: { accept: 'application/octet-stream' },
          request: { parseSuccessResponseBody: false, redirect: 'manual', retries: 0 }
        }),
      { request: `GET asset ${quote(asset.name)}` }
    )
    const location = (response.headers as Record<string, string | undefined>).location
    if ((response.status as number) === 302 && location) {
      await (response.data as unknown as WebReadableStream | null)?.cancel()
      return { location }
    }
    return {
      stream: Readable.fromWeb(response.data as unknown as WebReadableStream<Uint8Array>)
    }
  }

  /** Runs whole download attempts with bounded retries, naming the asset when it gives up. */
  private async downloading<T>(
    asset: { id: number; name: string },
    attempt: () => Promise<T>,
    attempts = DOWNLOAD_ATTEMPTS
  ): Promise<T> {
    try {
      return await withRetries(attempt, {
        attempts,
        // GitHub's rate limits were already waited out by the retry plugin (./retries.ts).
        retryable: (error) =>
          isBrokenDownload(error) || (isUnavailable(error) && !isRateLimited(error))
      })
    } catch (error) {
      if (error instanceof UserError) {
        throw new UserError(
          error.code,
          `Downloading asset ${quote(asset.name)}: ${error.message}`,
          error.hint,
          { cause: error.cause }
        )
      }
      if (!isBrokenDownload(error)) throw error
      throw new UserError(
        'GITHUB_UNAVAILABLE',
        `Downloading asset ${quote(asset.name)} from ${STORAGE} failed ${attempts} times (${messageOf(error)})`,
        're-run the job: the storage was failing or slow; nothing was uploaded',
        { cause: error }
      )
    }
  }

  async upload(
    release: Release,
    name: string,
    body: UploadBody,
    contentType: string
  ): Promise<Asset> {
    const isBuffer = 'buffer' in body
    const response = await this.api.call(() =>
      this.api.octokit.request({
        method: 'POST',
        url: release.uploadUrl,
        name,
        // fetch sets the length of a buffer itself; a stream needs it said (GitHub requires it).
        headers: isBuffer
          ? { 'content-type': contentType }
          : { 'content-type': contentType, 'content-length': String(body.size) },
        data: isBuffer ? body.buffer : new FileBody(body.path, body.size),
        // Not retried here: a retry after a timeout or a lost connection could meet the first
        // try's upload (422) or leave a broken one; putFile reads the release back and retries.
        // A stream's deadline grows with its size, and it goes through node:http (memory flat).
        request: isBuffer
          ? { retries: 0 }
          : { retries: 0, timeoutMs: uploadTimeoutMs(body.size), fetch: streamingFetch }
      })
    )
    return toAsset(response.data as RawAsset)
  }

  async delete(assetId: number): Promise<void> {
    await this.api.call(() =>
      this.api.octokit.rest.repos.deleteReleaseAsset({ ...this.api.ref, asset_id: assetId })
    )
  }

  async rename(assetId: number, name: string): Promise<Asset> {
    const { data } = await this.api.call(() =>
      this.api.octokit.rest.repos.updateReleaseAsset({ ...this.api.ref, asset_id: assetId, name })
    )
    return toAsset(data)
  }
}

/** A storage failure, or a connection lost in the middle of a body. */
function isBrokenDownload(error: unknown): boolean {
  if (error instanceof StorageError) return true
  const code = (error as { code?: unknown } | null)?.code
  return (
    typeof code === 'string' &&
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'].includes(
      code
    )
  )
}

function toAsset(data: RawAsset): Asset {
  const digest = data.digest?.startsWith('sha256:')
    ? data.digest.slice('sha256:'.length)
    : undefined
  return {
    id: data.id,
    name: data.name,
    size: data.size,
    state: data.state,
    digest,
    contentType: data.content_type,
    downloadUrl: data.browser_download_url
  }
}
