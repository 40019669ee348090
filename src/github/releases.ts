/**
 * A narrow client for one repository's releases: the only code that knows GitHub's REST shapes.
 * Errors are translated into UserErrors where the user can fix the cause.
 */
import { createReadStream } from 'node:fs'
import { get as httpGet, type RequestOptions } from 'node:http'
import { get as httpsGet } from 'node:https'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { UserError } from '../errors.js'
import type { Octokit } from './octokit.js'

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
}

export class ReleaseClient {
  constructor(
    private readonly octokit: Octokit,
    readonly ref: RepoRef
  ) {}

  async getRepository(): Promise<Repository> {
    const { data } = await this.octokit.rest.repos.get({ ...this.ref })
    return {
      visibility: data.visibility ?? (data.private ? 'private' : 'public'),
      private: data.private,
      ownerType: data.owner.type
    }
  }

  async getRelease(id: number): Promise<Release> {
    try {
      const { data } = await this.octokit.rest.repos.getRelease({ ...this.ref, release_id: id })
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
      const { data } = await this.octokit.rest.repos.getReleaseByTag({ ...this.ref, tag })
      return toRelease(data)
    } catch (error) {
      if (status(error) !== 404) throw error
    }
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
      ...this.ref,
      per_page: 100
    })) {
      const found = page.data.find((r) => r.tag_name === tag)
      if (found) return toRelease(found)
    }
    return undefined
  }

  async listAssets(releaseId: number): Promise<Asset[]> {
    const raw = await this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
      ...this.ref,
      release_id: releaseId,
      per_page: 100
    })
    return raw.map(toAsset)
  }

  /**
   * Streams an asset's bytes through the API, which works for drafts too. GitHub answers with a
   * redirect to signed storage; that part is read with node:http's large buffers rather than
   * fetch's web streams, which roughly halves the cost of hashing a large asset.
   */
  async downloadAsset(assetId: number): Promise<Readable> {
    const response = await this.octokit.request(
      'GET /repos/{owner}/{repo}/releases/assets/{asset_id}',
      {
        ...this.ref,
        asset_id: assetId,
        headers: { accept: 'application/octet-stream' },
        request: { parseSuccessResponseBody: false, redirect: 'manual' }
      }
    )
    const location = (response.headers as Record<string, string | undefined>).location
    if ((response.status as number) === 302 && location) return openUrl(location)
    return Readable.fromWeb(response.data as unknown as WebReadableStream<Uint8Array>)
  }

  async uploadAsset(
    release: Release,
    name: string,
    body: UploadBody,
    contentType: string
  ): Promise<Asset> {
    const isBuffer = 'buffer' in body
    const response = await this.octokit.request({
      method: 'POST',
      url: release.uploadUrl,
      name,
      // fetch sets the length of a buffer itself; a stream needs it said (GitHub requires it).
      headers: isBuffer
        ? { 'content-type': contentType }
        : { 'content-type': contentType, 'content-length': String(body.size) },
      data: isBuffer ? body.buffer : createReadStream(body.path),
      // A stream cannot be replayed: the caller retries uploads of files itself.
      request: isBuffer ? {} : { retries: 0 }
    })
    return toAsset(response.data as RawAsset)
  }

  async deleteAsset(assetId: number): Promise<void> {
    await this.octokit.rest.repos.deleteReleaseAsset({ ...this.ref, asset_id: assetId })
  }

  async renameAsset(assetId: number, name: string): Promise<Asset> {
    const { data } = await this.octokit.rest.repos.updateReleaseAsset({
      ...this.ref,
      asset_id: assetId,
      name
    })
    return toAsset(data)
  }

  async publishRelease(id: number): Promise<Release> {
    const { data } = await this.octokit.rest.repos.updateRelease({
      ...this.ref,
      release_id: id,
      draft: false
    })
    return toRelease(data)
  }

  /** Stores a bundle in GitHub's attestations API; returns the attestation's id. */
  async createAttestation(bundle: unknown): Promise<number> {
    const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/attestations', {
      ...this.ref,
      bundle
    } as never)
    return (data as { id: number }).id
  }

  /** Bundles GitHub's attestations API holds for a subject digest (`sha256:<hex>`). */
  async listAttestations(subjectDigest: string): Promise<unknown[]> {
    const { data } = await this.octokit.request(
      'GET /repos/{owner}/{repo}/attestations/{subject_digest}',
      {
        ...this.ref,
        subject_digest: subjectDigest
      }
    )
    return ((data as { attestations?: { bundle?: unknown }[] }).attestations ?? []).map(
      (a) => a.bundle
    )
  }

  slug(): string {
    return `${this.ref.owner}/${this.ref.repo}`
  }
}

/** Opens a signed storage URL (no credentials: they must not leave GitHub's API host). */
function openUrl(url: string, redirects = 3): Promise<Readable> {
  const get = url.startsWith('https:') ? httpsGet : httpGet
  return new Promise((resolve, reject) => {
    get(url, { highWaterMark: 1024 * 1024 } as RequestOptions, (response) => {
      const code = response.statusCode ?? 0
      const next = response.headers.location
      if (code >= 300 && code < 400 && next && redirects > 0) {
        response.resume()
        resolve(openUrl(new URL(next, url).toString(), redirects - 1))
      } else if (code !== 200) {
        response.resume()
        reject(new Error(`download from storage failed: HTTP ${code}`))
      } else {
        resolve(response)
      }
    }).on('error', reject)
  })
}

export function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown } | null)?.status
  return typeof value === 'number' ? value : undefined
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
    contentType: data.content_type
  }
}
