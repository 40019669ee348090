/**
 * A stand-in for GitHub's REST API as the action uses it: the API host (`github`), the upload host
 * (`uploads`) and the web host (`web`, release downloads and signed storage), each on 127.0.0.1.
 * Repositories exist on first use. Besides HTTP, tests and the demo can set up state directly
 * through the helpers here, which apply the same rules as the endpoints.
 */
import { createReadStream } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { FaultInjector } from '../http/faults.js'
import { Router, startService, type Service, type ServiceOptions } from '../http/server.js'
import { deleteAsset, openAsset, removeFiles, uploadAsset, visibleAsset } from './assets.js'
import { keepSpareFiles } from './spare-files.js'
import { findAttestations } from './attestations.js'
import {
  addApproval,
  setEnvironment,
  setTag,
  type ApprovalOptions,
  type EnvironmentOptions,
  type TagOptions
} from './deployments.js'
import { ACTIONS_BOT, Tokens, type Permissions } from './auth.js'
import type { ExchangeListener } from './exchange.js'
import { RateLimits } from './limits.js'
import { mount } from './pipeline.js'
import {
  createRelease,
  deleteRelease,
  getRelease,
  listReleases,
  updateRelease
} from './releases.js'
import { apiOperations, type RouteDeps } from './routes-api.js'
import { uploadOperations } from './routes-uploads.js'
import { mountWeb } from './routes-web.js'
import { assetJson, releaseJson, type AssetJson, type ReleaseJson, type Urls } from './shapes.js'
import { SignedUrls } from './storage.js'
import { Store, type AssetRecord, type RepoSettings } from './store.js'

export { GitHubApiError } from './errors.js'
export type { Exchange, ExchangeListener } from './exchange.js'
export { sanitizeAssetName } from './names.js'
export type { AssetJson, ReleaseJson, UserJson } from './shapes.js'
export type { OwnerType, RepoSettings, Visibility } from './store.js'
export type { Permissions } from './auth.js'
export type { ApprovalOptions, EnvironmentOptions, TagOptions } from './deployments.js'

export interface GitHubOptions {
  /** Asset bytes live here as files, one per asset. */
  dataDir: string
  faults?: FaultInjector
  onRequest?: ServiceOptions['onRequest']
  /** Every request the stand-in answers (after fault injection), with its answer. */
  onExchange?: ExchangeListener
  /** Bytes received so far by each upload, as they are written to disk. */
  onUploadProgress?: (progress: UploadProgress) => void
  /** Content-creating requests per minute and per hour; windowScale shrinks both windows. */
  secondaryLimits?: { perMinute: number; perHour: number; windowScale?: number }
  /** Requests per hour per token (default 1000, GITHUB_TOKEN's); the window follows windowScale. */
  primaryLimit?: number
  /** The path the REST API lives under: '' as on github.com and GHE.com, '/api/v3' on GHES. */
  apiPath?: string
  /** Large uploads write over the files of deleted large assets (./spare-files.ts; benchmarks). */
  spareFiles?: boolean
}

export interface UploadProgress {
  repository: string
  releaseId: number
  assetId: number
  name: string
  bytes: number
}

export interface ReleaseOptions {
  tag: string
  name?: string
  body?: string
  draft?: boolean
  prerelease?: boolean
  targetCommitish?: string
}

export interface AssetOptions {
  contentType?: string
  label?: string
}

export interface GitHubStandIn {
  api: Service
  uploads: Service
  web: Service
  apiUrl: string
  uploadUrl: string
  /** The web host, github.com's stand-in (release downloads). */
  serverUrl: string
  /** contents: write, attestations: write (a workflow's GITHUB_TOKEN with those permissions). */
  token: string
  /** contents: read only: writes are 403 "Resource not accessible by integration". */
  readOnlyToken: string
  /** The live settings of `owner/name` (created on first use). */
  repo(fullName: string): RepoSettings
  /** Another token with the given permissions. */
  createToken(permissions: Permissions): string
  createRelease(repo: string, options: ReleaseOptions): ReleaseJson
  getRelease(repo: string, releaseId: number): ReleaseJson
  /** Newest first, drafts included. */
  listReleases(repo: string): ReleaseJson[]
  publishRelease(repo: string, releaseId: number): ReleaseJson
  deleteRelease(repo: string, releaseId: number): Promise<void>
  uploadAsset(
    repo: string,
    releaseId: number,
    name: string,
    content: Buffer | string,
    options?: AssetOptions
  ): Promise<AssetJson>
  /** Streams a file into a new asset. */
  uploadAssetFromFile(
    repo: string,
    releaseId: number,
    name: string,
    path: string,
    options?: AssetOptions
  ): Promise<AssetJson>
  listAssets(repo: string, releaseId: number): AssetJson[]
  /** An asset's bytes as a stream, or all of them. */
  assetStream(repo: string, assetId: number): Readable
  readAsset(repo: string, assetId: number): Promise<Buffer>
  deleteAsset(repo: string, assetId: number): Promise<void>
  /** The bundles stored for a subject digest (`sha256:<hex>`), newest first. */
  attestations(repo: string, subjectDigest: string): Record<string, unknown>[]
  /** Creates or replaces a deployment environment (reviewers: its required-reviewers rule). */
  setEnvironment(repo: string, name: string, options: EnvironmentOptions): void
  /** Adds a review (approved by default) to a workflow run's review log. */
  approveRun(repo: string, runId: number, options: ApprovalOptions): void
  /** Who signs GitHub's release attestations (the sandbox's GitHub-like instance). */
  setReleaseAttestor(sign: (statement: object) => Promise<Record<string, unknown>>): void
  /** Creates or replaces a tag: annotated (signed or not) or lightweight. */
  setTag(repo: string, name: string, options: TagOptions): void
  /** How many requests were refused (403) for the primary and the secondary rate limit so far. */
  rateLimitRefusals(): { primary: number; secondary: number }
  close(): Promise<void>
}

export async function startGitHub(options: GitHubOptions): Promise<GitHubStandIn> {
  await mkdir(options.dataDir, { recursive: true })
  const store = new Store(options.dataDir)
  if (options.spareFiles) keepSpareFiles(store)
  const tokens = new Tokens()
  const limits = new RateLimits({
    primaryLimit: options.primaryLimit ?? 1000,
    anonymousLimit: 60,
    perMinute: options.secondaryLimits?.perMinute ?? 80,
    perHour: options.secondaryLimits?.perHour ?? 500,
    windowScale: options.secondaryLimits?.windowScale ?? 1
  })
  // Filled in once the services listen; shapes read them lazily.
  const urls: Urls = { apiUrl: '', uploadUrl: '', serverUrl: '' }
  const deps: RouteDeps = { store, urls, signed: new SignedUrls(() => urls.serverUrl) }
  const onProgress = options.onUploadProgress
  const progress = onProgress
    ? (asset: AssetRecord, bytes: number): void => {
        const found = store.findAsset(asset.id)
        onProgress({
          repository: found ? `${found.repo.owner}/${found.repo.name}` : '',
          releaseId: asset.releaseId,
          assetId: asset.id,
          name: asset.name,
          bytes
        })
      }
    : undefined
  const common = { tokens, limits, store, onExchange: options.onExchange }
  const serviceOptions = { faults: options.faults, onRequest: options.onRequest }
  const api = await startService({
    name: 'github',
    router: mount(new Router(), { ...common, service: 'github' }, apiOperations(deps)),
    pathPrefix: options.apiPath,
    ...serviceOptions
  })
  const uploads = await startService({
    name: 'uploads',
    router: mount(
      new Router(),
      { ...common, service: 'uploads' },
      uploadOperations(deps, progress)
    ),
    ...serviceOptions
  })
  const web = await startService({
    name: 'web',
    router: mountWeb(new Router(), deps, options.onExchange),
    ...serviceOptions
  })
  Object.assign(urls, { apiUrl: api.url, uploadUrl: uploads.url, serverUrl: web.url })

  const upload = async (
    fullName: string,
    releaseId: number,
    name: string,
    body: Readable,
    length: number,
    opts: AssetOptions
  ): Promise<AssetJson> => {
    const repo = store.repo(fullName)
    const release = getRelease(repo, releaseId, true)
    const asset = await uploadAsset(
      store,
      repo,
      release,
      {
        name,
        label: opts.label ?? null,
        contentType: opts.contentType ?? 'application/octet-stream',
        length,
        uploader: ACTIONS_BOT,
        onProgress: progress
      },
      body
    )
    return assetJson(urls, repo, release, asset)
  }

  const stream = (fullName: string, assetId: number): Readable =>
    openAsset(store, visibleAsset(store, store.repo(fullName), assetId, true).asset)

  return {
    api,
    uploads,
    web,
    apiUrl: api.url,
    uploadUrl: uploads.url,
    serverUrl: web.url,
    token: tokens.issue({ contents: 'write', attestations: 'write' }),
    readOnlyToken: tokens.issue({ contents: 'read', attestations: 'read' }),
    repo: (fullName) => store.repo(fullName).settings,
    createToken: (permissions) => tokens.issue(permissions),
    createRelease: (fullName, o) => {
      const repo = store.repo(fullName)
      const body = {
        tag_name: o.tag,
        name: o.name,
        body: o.body,
        draft: o.draft,
        prerelease: o.prerelease,
        target_commitish: o.targetCommitish
      }
      return releaseJson(urls, repo, createRelease(store, repo, body, ACTIONS_BOT))
    },
    getRelease: (fullName, id) => {
      const repo = store.repo(fullName)
      return releaseJson(urls, repo, getRelease(repo, id, true))
    },
    listReleases: (fullName) => {
      const repo = store.repo(fullName)
      return listReleases(repo, true).map((r) => releaseJson(urls, repo, r))
    },
    publishRelease: (fullName, id) => {
      const repo = store.repo(fullName)
      return releaseJson(urls, repo, updateRelease(repo, id, { draft: false }))
    },
    deleteRelease: async (fullName, id) => {
      await removeFiles(store, deleteRelease(store.repo(fullName), id, store))
    },
    uploadAsset: (fullName, releaseId, name, content, opts = {}) => {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content
      return upload(fullName, releaseId, name, Readable.from([bytes]), bytes.length, opts)
    },
    uploadAssetFromFile: async (fullName, releaseId, name, path, opts = {}) => {
      const { size } = await stat(path)
      return upload(fullName, releaseId, name, createReadStream(path), size, opts)
    },
    listAssets: (fullName, releaseId) => {
      const repo = store.repo(fullName)
      const release = getRelease(repo, releaseId, true)
      return release.assets.map((a) => assetJson(urls, repo, release, a))
    },
    assetStream: stream,
    readAsset: async (fullName, assetId) => {
      const chunks: Buffer[] = []
      for await (const chunk of stream(fullName, assetId)) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
    deleteAsset: (fullName, assetId) => deleteAsset(store, store.repo(fullName), assetId),
    attestations: (fullName, digest) =>
      findAttestations(store.repo(fullName), digest).map((a) => a.bundle),
    setEnvironment: (fullName, name, o) => {
      setEnvironment(store, store.repo(fullName), name, o)
    },
    approveRun: (fullName, runId, o) => addApproval(store.repo(fullName), runId, o),
    setReleaseAttestor: (sign) => {
      deps.releaseAttestor = sign
    },
    setTag: (fullName, name, o) => {
      setTag(store.repo(fullName), name, o)
    },
    rateLimitRefusals: () => ({ ...limits.refused }),
    close: async () => {
      await Promise.all([api.close(), uploads.close(), web.close()])
    }
  }
}
