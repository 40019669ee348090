/**
 * The upload host (uploads.github.com): `POST /repos/{o}/{r}/releases/{id}/assets?name=&label=`
 * with the raw bytes, a Content-Type and a Content-Length, answered 201 with the asset.
 */
import { GitHubApiError, validationFailed } from './errors.js'
import { uploadAsset, type UploadRequest } from './assets.js'
import { getRelease } from './releases.js'
import type { Operation } from './pipeline.js'
import { notFoundRoutes, numericId, type RouteDeps } from './routes-api.js'
import { assetJson } from './shapes.js'

export function uploadOperations(
  { store, urls }: RouteDeps,
  onProgress?: UploadRequest['onProgress']
): Operation[] {
  return [
    {
      method: 'POST',
      path: '/repos/:owner/:repo/releases/:release_id/assets',
      docs: 'https://docs.github.com/rest/releases/assets#upload-a-release-asset',
      access: 'write',
      raw: true,
      handle: async (ctx) => {
        const { req } = ctx
        const release = getRelease(ctx.repo, numericId(req.params.release_id), true)
        const name = req.url.searchParams.get('name')
        const contentType = req.headers['content-type']
        const length = req.headers['content-length']
        if (!name) {
          throw validationFailed({ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' })
        }
        if (!contentType) {
          throw validationFailed({
            resource: 'ReleaseAsset',
            code: 'missing_field',
            field: 'content_type'
          })
        }
        if (length === undefined) throw new GitHubApiError(411, 'Length Required')
        const asset = await uploadAsset(
          store,
          ctx.repo,
          release,
          {
            name,
            label: req.url.searchParams.get('label'),
            contentType,
            length: Number(length),
            uploader: ctx.identity.kind === 'token' ? ctx.identity.grant.actor : release.author,
            onProgress
          },
          req.raw
        )
        return { status: 201, body: assetJson(urls, ctx.repo, release, asset) }
      }
    },
    ...notFoundRoutes()
  ]
}
