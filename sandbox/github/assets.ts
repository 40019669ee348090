/**
 * Release asset semantics: uploads are streamed to a file while hashed (never buffered), names are
 * rewritten as GitHub does, a name is taken even by an unfinished (`starter`) asset, a release
 * holds at most 1000 assets of at most 2 GiB each, and the assets of an immutable release can be
 * neither added, changed nor deleted.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm, truncate } from 'node:fs/promises'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { FileBody } from '../http/file-body.js'
import { alreadyExists, GitHubApiError, notFound, validationFailed } from './errors.js'
import { optionalString, type Body } from './input.js'
import { sanitizeAssetName } from './names.js'
import { retireFile, takeSpare } from './spare-files.js'
import type { Actor, AssetRecord, ReleaseRecord, RepoRecord, Store } from './store.js'

export const MAX_ASSETS = 1000
export const MAX_ASSET_SIZE = 2 * 1024 ** 3
/** Disk reads and writes in large blocks: 64 KiB ones cap a loopback transfer well below its speed. */
const CHUNK = 1024 * 1024

export interface UploadRequest {
  name: string
  label: string | null
  contentType: string
  /** The declared Content-Length. */
  length: number
  uploader: Actor
  onProgress?: (asset: AssetRecord, bytes: number) => void
}

/** Thrown when the bytes stopped short: the asset stays `starter`, as after GitHub's 502. */
export class UploadInterrupted extends GitHubApiError {
  constructor(readonly asset: AssetRecord) {
    super(502, 'Upload failed: the request body ended before Content-Length bytes arrived')
  }
}

export async function uploadAsset(
  store: Store,
  repo: RepoRecord,
  release: ReleaseRecord,
  request: UploadRequest,
  body: Readable
): Promise<AssetRecord> {
  if (release.immutable) {
    throw new GitHubApiError(422, 'Cannot upload assets to an immutable release')
  }
  if (request.length > MAX_ASSET_SIZE) {
    throw validationFailed({
      resource: 'ReleaseAsset',
      code: 'custom',
      field: 'size',
      message: `size must be less than or equal to ${MAX_ASSET_SIZE}`
    })
  }
  if (release.assets.length >= MAX_ASSETS) {
    throw validationFailed({
      resource: 'ReleaseAsset',
      code: 'custom',
      field: 'file_count',
      message: `file_count limited to ${MAX_ASSETS} assets per release`
    })
  }
  const name = sanitizeAssetName(request.name)
  if (release.assets.some((a) => a.name === name)) throw alreadyExists('ReleaseAsset', 'name')
  const now = new Date()
  const asset: AssetRecord = {
    id: store.nextId('asset'),
    releaseId: release.id,
    name,
    label: request.label,
    state: 'starter',
    contentType: request.contentType,
    size: 0,
    digest: null,
    downloadCount: 0,
    createdAt: now,
    updatedAt: now,
    uploader: request.uploader
  }
  // Registered before the bytes arrive, so a concurrent upload of the same name is refused.
  store.addAsset(repo, release, asset)
  const path = store.assetPath(asset.id)
  const hash = createHash('sha256')
  let bytes = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      bytes += chunk.length
      request.onProgress?.(asset, bytes)
      callback(null, chunk)
    }
  })
  try {
    // A large upload writes over a deleted asset's file when one is kept (./spare-files.ts).
    const overSpare = await takeSpare(store, `${path}.part`, request.length)
    const file = createWriteStream(`${path}.part`, {
      highWaterMark: CHUNK,
      flags: overSpare ? 'r+' : 'w'
    })
    await pipeline(body, meter, file)
    if (bytes !== request.length) throw new Error(`${bytes} of ${request.length} bytes`)
    // Written over a longer file: its end goes.
    if (overSpare) await truncate(`${path}.part`, bytes)
    await rename(`${path}.part`, path)
  } catch {
    await rm(`${path}.part`, { force: true })
    throw new UploadInterrupted(asset)
  }
  asset.state = 'uploaded'
  asset.size = bytes
  asset.digest = `sha256:${hash.digest('hex')}`
  asset.updatedAt = new Date()
  return asset
}

/** Renames or relabels an asset: the new name is rewritten as on upload and must be free. */
export function updateAsset(
  store: Store,
  repo: RepoRecord,
  assetId: number,
  body: Body
): { release: ReleaseRecord; asset: AssetRecord } {
  const found = visibleAsset(store, repo, assetId, true)
  const requested = optionalString(body, 'name')
  const label = optionalString(body, 'label')
  if (found.release.immutable) {
    throw new GitHubApiError(422, 'Cannot modify an asset of an immutable release')
  }
  if (requested !== undefined) {
    const name = sanitizeAssetName(requested)
    if (found.release.assets.some((a) => a.name === name && a.id !== assetId)) {
      throw alreadyExists('ReleaseAsset', 'name')
    }
    found.asset.name = name
  }
  if (label !== undefined) found.asset.label = label
  found.asset.updatedAt = new Date()
  return found
}

export async function deleteAsset(store: Store, repo: RepoRecord, assetId: number): Promise<void> {
  const { release } = visibleAsset(store, repo, assetId, true)
  if (release.immutable) {
    throw new GitHubApiError(422, 'Cannot delete an asset of an immutable release')
  }
  store.removeAsset(release, assetId)
  await retireFile(store, store.assetPath(assetId))
}

/** An asset of `repo`; assets of drafts exist only for writers. */
export function visibleAsset(
  store: Store,
  repo: RepoRecord,
  assetId: number,
  seesDrafts: boolean
): { release: ReleaseRecord; asset: AssetRecord } {
  const found = store.findAsset(assetId, repo)
  if (!found || (found.release.draft && !seesDrafts)) throw notFound()
  return found
}

/** Only finished assets have bytes to download. */
export function ensureDownloadable(asset: AssetRecord): void {
  if (asset.state !== 'uploaded') throw notFound()
}

export function openAsset(store: Store, asset: AssetRecord): Readable {
  ensureDownloadable(asset)
  return createReadStream(store.assetPath(asset.id), { highWaterMark: CHUNK })
}

/** An asset's bytes as a response body (served from its file without a stream). */
export function assetBody(store: Store, asset: AssetRecord): FileBody {
  ensureDownloadable(asset)
  return new FileBody(store.assetPath(asset.id), asset.size)
}

export async function removeFiles(store: Store, assets: readonly AssetRecord[]): Promise<void> {
  await Promise.all(assets.map((a) => retireFile(store, store.assetPath(a.id))))
}
