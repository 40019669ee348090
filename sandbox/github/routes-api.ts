/**
 * The REST API host's endpoints: repository, releases, release assets and attestations, with the
 * documentation URL GitHub puts in each endpoint's errors.
 */
import type { Response } from '../http/server.js'
import {
  deleteAsset,
  ensureDownloadable,
  removeFiles,
  updateAsset,
  visibleAsset
} from './assets.js'
import {
  attestRelease,
  createAttestation,
  ensureAvailable,
  findAttestations
} from './attestations.js'
import { ACTIONS_BOT, seesDrafts } from './auth.js'
import { approvalsOf, getEnvironment, getTagObject, getTagRef } from './deployments.js'
import { DOCS, notFound } from './errors.js'
import { linkHeader, paginate, paginateByCursor } from './pagination.js'
import type { Context, Operation } from './pipeline.js'
import {
  createRelease,
  deleteRelease,
  getRelease,
  latestRelease,
  listReleases,
  releaseByTag,
  updateRelease
} from './releases.js'
import {
  approvalJson,
  assetJson,
  environmentJson,
  gitTagJson,
  releaseJson,
  repositoryJson,
  tagRefJson,
  type Urls
} from './shapes.js'
import type { SignedUrls } from './storage.js'
import type { Actor, Store } from './store.js'

export interface RouteDeps {
  store: Store
  urls: Urls
  signed: SignedUrls
  /** Signs GitHub's release attestation when an immutable release is published (set later). */
  releaseAttestor?: (statement: object) => Promise<Record<string, unknown>>
}

const RELEASES = 'https://docs.github.com/rest/releases/releases'
const ASSETS = 'https://docs.github.com/rest/releases/assets'
const ATTESTATIONS = 'https://docs.github.com/rest/repos/attestations'
const REPO = '/repos/:owner/:repo'
const ENVIRONMENTS = 'https://docs.github.com/rest/deployments/environments'
const REVIEWS = 'https://docs.github.com/rest/actions/workflow-runs'
const GIT = 'https://docs.github.com/rest/git'

export function apiOperations(deps: RouteDeps): Operation[] {
  const { store, urls, signed } = deps
  const release = (ctx: Context, id: string | undefined): ReturnType<typeof getRelease> =>
    getRelease(ctx.repo, numericId(id), seesDrafts(ctx.identity))
  const list = <T>(ctx: Context, all: T[]): Response => {
    const page = paginate(all, ctx.req.url, urls.apiUrl)
    return { status: 200, headers: linkHeader(page), body: page.items }
  }
  return [
    {
      method: 'GET',
      path: REPO,
      docs: 'https://docs.github.com/rest/repos/repos#get-a-repository',
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: repositoryJson(
          urls,
          ctx.repo,
          ctx.identity.kind === 'token' ? { push: seesDrafts(ctx.identity) } : undefined
        )
      })
    },
    {
      method: 'GET',
      path: `${REPO}/releases`,
      docs: `${RELEASES}#list-releases`,
      access: 'read',
      handle: (ctx) =>
        list(
          ctx,
          listReleases(ctx.repo, seesDrafts(ctx.identity)).map((r) =>
            releaseJson(urls, ctx.repo, r)
          )
        )
    },
    {
      method: 'POST',
      path: `${REPO}/releases`,
      docs: `${RELEASES}#create-a-release`,
      access: 'write',
      handle: (ctx) => {
        const created = releaseJson(
          urls,
          ctx.repo,
          createRelease(store, ctx.repo, ctx.body, actor(ctx))
        )
        return { status: 201, headers: { location: created.url }, body: created }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/releases/latest`,
      docs: `${RELEASES}#get-the-latest-release`,
      access: 'read',
      handle: (ctx) => ({ status: 200, body: releaseJson(urls, ctx.repo, latestRelease(ctx.repo)) })
    },
    {
      method: 'GET',
      path: `${REPO}/releases/tags/:tag`,
      docs: `${RELEASES}#get-a-release-by-tag-name`,
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: releaseJson(urls, ctx.repo, releaseByTag(ctx.repo, ctx.req.params.tag ?? ''))
      })
    },
    {
      method: 'GET',
      path: `${REPO}/releases/assets/:asset_id`,
      docs: `${ASSETS}#get-a-release-asset`,
      access: 'read',
      handle: (ctx) => {
        const found = visibleAsset(
          store,
          ctx.repo,
          numericId(ctx.req.params.asset_id),
          seesDrafts(ctx.identity)
        )
        if (/application\/octet-stream/i.test(ctx.req.headers.accept ?? '')) {
          // GitHub redirects to signed storage; the bytes never come from the API host.
          ensureDownloadable(found.asset)
          return { status: 302, headers: { location: signed.asset(found.asset.id) } }
        }
        return { status: 200, body: assetJson(urls, ctx.repo, found.release, found.asset) }
      }
    },
    {
      method: 'PATCH',
      path: `${REPO}/releases/assets/:asset_id`,
      docs: `${ASSETS}#update-a-release-asset`,
      access: 'write',
      handle: (ctx) => {
        const found = updateAsset(store, ctx.repo, numericId(ctx.req.params.asset_id), ctx.body)
        return { status: 200, body: assetJson(urls, ctx.repo, found.release, found.asset) }
      }
    },
    {
      method: 'DELETE',
      path: `${REPO}/releases/assets/:asset_id`,
      docs: `${ASSETS}#delete-a-release-asset`,
      access: 'write',
      handle: async (ctx) => {
        await deleteAsset(store, ctx.repo, numericId(ctx.req.params.asset_id))
        return { status: 204 }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/releases/:release_id`,
      docs: `${RELEASES}#get-a-release`,
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: releaseJson(urls, ctx.repo, release(ctx, ctx.req.params.release_id))
      })
    },
    {
      method: 'PATCH',
      path: `${REPO}/releases/:release_id`,
      docs: `${RELEASES}#update-a-release`,
      access: 'write',
      handle: async (ctx) => {
        const id = numericId(ctx.req.params.release_id)
        const wasDraft = getRelease(ctx.repo, id, true).draft
        const updated = updateRelease(ctx.repo, id, ctx.body)
        // Publishing an immutable release makes GitHub sign its release attestation.
        if (wasDraft && !updated.draft && updated.immutable && deps.releaseAttestor)
          await attestRelease(store, ctx.repo, updated, deps.releaseAttestor)
        return { status: 200, body: releaseJson(urls, ctx.repo, updated) }
      }
    },
    {
      method: 'DELETE',
      path: `${REPO}/releases/:release_id`,
      docs: `${RELEASES}#delete-a-release`,
      access: 'write',
      handle: async (ctx) => {
        const assets = deleteRelease(ctx.repo, numericId(ctx.req.params.release_id), store)
        await removeFiles(store, assets)
        return { status: 204 }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/releases/:release_id/assets`,
      docs: `${ASSETS}#list-release-assets`,
      access: 'read',
      handle: (ctx) => {
        const r = release(ctx, ctx.req.params.release_id)
        return list(
          ctx,
          r.assets.map((a) => assetJson(urls, ctx.repo, r, a))
        )
      }
    },
    {
      method: 'POST',
      path: `${REPO}/attestations`,
      docs: `${ATTESTATIONS}#create-an-attestation`,
      access: 'attestations:write',
      handle: (ctx) => {
        ensureAvailable(ctx.repo)
        return { status: 201, body: { id: createAttestation(store, ctx.repo, ctx.body).id } }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/attestations/:subject_digest`,
      docs: `${ATTESTATIONS}#list-attestations`,
      access: 'attestations:read',
      handle: (ctx) => {
        ensureAvailable(ctx.repo)
        const { url } = ctx.req
        const found = findAttestations(
          ctx.repo,
          ctx.req.params.subject_digest ?? '',
          url.searchParams.get('predicate_type') ?? undefined
        )
        const page = paginateByCursor(found, url, urls.apiUrl, (a) =>
          Buffer.from(`attestation:${a.id}`).toString('base64url')
        )
        return {
          status: 200,
          headers: linkHeader(page),
          body: {
            attestations: page.items.map((a) => ({
              bundle: a.bundle,
              repository_id: ctx.repo.settings.id
            }))
          }
        }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/environments/:environment_name`,
      docs: `${ENVIRONMENTS}#get-an-environment`,
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: environmentJson(
          urls,
          ctx.repo,
          getEnvironment(ctx.repo, ctx.req.params.environment_name ?? '')
        )
      })
    },
    {
      method: 'GET',
      path: `${REPO}/actions/runs/:run_id/approvals`,
      docs: `${REVIEWS}#get-the-review-history-for-a-workflow-run`,
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: approvalsOf(ctx.repo, numericId(ctx.req.params.run_id)).map((a) =>
          approvalJson(urls, ctx.repo, a)
        )
      })
    },
    {
      method: 'GET',
      path: `${REPO}/git/ref/*ref`,
      docs: `${GIT}/refs#get-a-reference`,
      access: 'read',
      handle: (ctx) => {
        const ref = ctx.req.params.ref ?? ''
        if (!ref.startsWith('tags/')) throw notFound()
        return {
          status: 200,
          body: tagRefJson(urls, ctx.repo, getTagRef(ctx.repo, ref.slice('tags/'.length)))
        }
      }
    },
    {
      method: 'GET',
      path: `${REPO}/git/tags/:tag_sha`,
      docs: `${GIT}/tags#get-a-tag`,
      access: 'read',
      handle: (ctx) => ({
        status: 200,
        body: gitTagJson(urls, ctx.repo, getTagObject(ctx.repo, ctx.req.params.tag_sha ?? ''))
      })
    },
    ...notFoundRoutes()
  ]
}

/** GitHub's JSON 404 for any other path, so that every answer is GitHub-shaped. */
export function notFoundRoutes(): Operation[] {
  return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].map((method) => ({
    method,
    path: '/*rest',
    docs: DOCS,
    raw: true,
    handle: () => {
      throw notFound()
    }
  }))
}

function actor(ctx: Context): Actor {
  return ctx.identity.kind === 'token' ? ctx.identity.grant.actor : ACTIONS_BOT
}

/** Ids are positive integers; anything else names no resource. */
export function numericId(value: string | undefined): number {
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound()
  return id
}
