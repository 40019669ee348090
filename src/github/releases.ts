/**
 * A narrow client for one repository's releases: the only code that knows GitHub's REST shapes.
 * Every call's errors go through `githubError` (./errors.ts), so the user sees what failed and how
 * to fix it, with a code; what is left (404, 409, other 422s) is for the caller to judge.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { UserError, messageOf } from '../errors.js'
import { quote } from '../util/format.js'
import { withRetries } from '../util/retry.js'
import { uploadTimeoutMs } from '../util/timeout.js'
import {
  githubError,
  isRateLimited,
  isUnavailable,
  status,
  type GitHubCallContext
} from './errors.js'
import type { Octokit } from './octokit.js'
import { streamingFetch } from './stream-fetch.js'
import { openStorageUrl, STORAGE, StorageError } from './storage.js'

export interface Release {
  id: number
  tagName: string
  name: string
  draft: boolean
  immutable: boolean
  uploadUrl: string
  htmlUrl: string
}

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

export interface Repository {
  visibility: string
  private: boolean
  ownerType: string
}

/** Bytes to upload: a small buffer, or a file streamed from disk. */
export type UploadBody = { buffer: Buffer } | { path: string; size: number }

export interface RepoRef {
  owner: string
  repo: string
}

interface RawRelease {
  id: number
  tag_name: string
  name?: string | null
  draft: boolean
  immutable?: boolean
  upload_url: string
  html_url: string
}

interface RawAsset {
  id: number
  name: string
  size: number
  state: string
  digest?: string | null
  content_type: string
  browser_download_url?: string
}

export class ReleaseClient {
  constructor(
    private readonly octokit: Octokit,
    readonly ref: RepoRef
  ) {}

  async getRepository(): Promise<Repository> {
    const { data } = await this.call(() => this.octokit.rest.repos.get({ ...this.ref }))
    return {
      visibility: data.visibility ?? (data.private ? 'private' : 'public'),
      private: data.private,
      ownerType: data.owner.type
    }
  }

  async getRelease(id: number): Promise<Release> {
    try {
      const { data } = await this.call(() =>
        this.octokit.rest.repos.getRelease({ ...this.ref, release_id: id })
      )
      return toRelease(data)
    } catch (error) {
      if (status(error) === 404) {
        throw new UserError(
          'RELEASE',
          `Release ${id} was not found in ${this.slug()}`,
          "check 'release-id'; a draft is visible only to a token with contents: write",
          { cause: error }
        )
      }
      throw error
    }
  }

  /** Finds a release by tag, drafts included: get-by-tag does not return drafts, so list them. */
  async findReleaseByTag(tag: string): Promise<Release | undefined> {
    try {
      const { data } = await this.call(() =>
        this.octokit.rest.repos.getReleaseByTag({ ...this.ref, tag })
      )
      return toRelease(data)
    } catch (error) {
      if (status(error) !== 404) throw error
    }
    const pages = this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
      ...this.ref,
      per_page: 100
    })
    const found = await this.call(async () => {
      for await (const page of pages) {
        const match = page.data.find((r) => r.tag_name === tag)
        if (match) return match
      }
      return undefined
    })
    return found && toRelease(found)
  }

  async listAssets(releaseId: number): Promise<Asset[]> {
    const raw = await this.call(() =>
      this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
        ...this.ref,
        release_id: releaseId,
        per_page: 100
      })
    )
    return raw.map(toAsset)
  }

  /**
   * Reads an asset through the API (which works for drafts too), handing the stream to `consume`.
   * Both hops (the API request and the redirect to signed storage) are time-limited; a failure of
   * either, or of the stream midway, starts the download again from scratch, a bounded number of
   * times. When it gives up, the error names the hop, the asset and the fix.
   */
  async readAsset<T>(
    asset: { id: number; name: string },
    consume: (stream: Readable) => Promise<T>,
    attempts = DOWNLOAD_ATTEMPTS
  ): Promise<T> {
    try {
      return await withRetries(async () => consume(await this.openAsset(asset)), {
        attempts,
        // GitHub's rate limits were already waited out by the throttling plugin.
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

  /**
   * One attempt at an asset's bytes. GitHub answers with a redirect to signed storage; the API hop
   * is not retried here (`readAsset` retries both hops together, as the signed URL is short-lived).
   */
  async openAsset(asset: { id: number; name: string }): Promise<Readable> {
    const response = await this.call(
      () =>
        this.octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
          ...this.ref,
          asset_id: asset.id,
          headers: { accept: 'application/octet-stream' },
          request: { parseSuccessResponseBody: false, redirect: 'manual', retries: 0 }
        }),
      { request: `GET asset ${quote(asset.name)}` }
    )
    const location = (response.headers as Record<string, string | undefined>).location
    if ((response.status as number) === 302 && location) {
      await (response.data as unknown as WebReadableStream | null)?.cancel()
      return openStorageUrl(location)
    }
    return Readable.fromWeb(response.data as unknown as WebReadableStream<Uint8Array>)
  }

  async uploadAsset(
    release: Release,
    name: string,
    body: UploadBody,
    contentType: string
  ): Promise<Asset> {
    const isBuffer = 'buffer' in body
    const response = await this.call(() =>
      this.octokit.request({
        method: 'POST',
        url: release.uploadUrl,
        name,
        // fetch sets the length of a buffer itself; a stream needs it said (GitHub requires it).
        headers: isBuffer
          ? { 'content-type': contentType }
          : { 'content-type': contentType, 'content-length': String(body.size) },
        data: isBuffer ? body.buffer : createReadStream(body.path, { highWaterMark: 1024 * 1024 }),
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

  async deleteAsset(assetId: number): Promise<void> {
    await this.call(() =>
      this.octokit.rest.repos.deleteReleaseAsset({ ...this.ref, asset_id: assetId })
    )
  }

  async renameAsset(assetId: number, name: string): Promise<Asset> {
    const { data } = await this.call(() =>
      this.octokit.rest.repos.updateReleaseAsset({ ...this.ref, asset_id: assetId, name })
    )
    return toAsset(data)
  }

  async publishRelease(id: number): Promise<Release> {
    const { data } = await this.call(() =>
      this.octokit.rest.repos.updateRelease({ ...this.ref, release_id: id, draft: false })
    )
    return toRelease(data)
  }

  /** Stores a bundle in GitHub's attestations API; returns the attestation's id. */
  async createAttestation(bundle: unknown): Promise<number> {
    const { data } = await this.call(
      () =>
        this.octokit.request('POST /repos/{owner}/{repo}/attestations', {
          ...this.ref,
          bundle
        } as never),
      ATTESTATIONS
    )
    return (data as { id: number }).id
  }

  /** Bundles GitHub's attestations API holds for a subject digest (`sha256:<hex>`). */
  async listAttestations(subjectDigest: string, predicateType?: string): Promise<unknown[]> {
    const { data } = await this.call(
      () =>
        this.octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
          ...this.ref,
          subject_digest: subjectDigest,
          ...(predicateType ? { predicate_type: predicateType } : {})
        }),
      ATTESTATIONS
    )
    return ((data as { attestations?: { bundle?: unknown }[] }).attestations ?? []).map(
      (a) => a.bundle
    )
  }

  slug(): string {
    return `${this.ref.owner}/${this.ref.repo}`
  }

  /** Runs one call to GitHub, its failure classified (./errors.ts). */
  private async call<T>(
    request: () => Promise<T>,
    context: Omit<GitHubCallContext, 'slug'> = {}
  ): Promise<T> {
    try {
      return await request()
    } catch (error) {
      throw githubError(error, { ...context, slug: this.slug() })
    }
  }
}

/** Whole downloads of one asset before giving up. */
const DOWNLOAD_ATTEMPTS = 4

const ATTESTATIONS = { permission: 'attestations: write' }

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

function toRelease(data: RawRelease): Release {
  return {
    id: data.id,
    tagName: data.tag_name,
    name: data.name ?? data.tag_name,
    draft: data.draft,
    immutable: data.immutable === true,
    uploadUrl: data.upload_url,
    htmlUrl: data.html_url
  }
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
