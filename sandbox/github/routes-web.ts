/**
 * The web host (github.com) as far as releases go: `/{o}/{r}/releases/download/{tag}/{name}`
 * redirects to signed storage for published releases of public repositories (the web does not
 * take API tokens, so drafts and private repositories are 404), and the storage streams bytes.
 */
import type { Handler, Request, Response, Router } from '../http/server.js'
import { assetBody } from './assets.js'
import { recordExchange, type ExchangeListener } from './exchange.js'
import type { RouteDeps } from './routes-api.js'

export function mountWeb(
  router: Router,
  { store, signed }: RouteDeps,
  onExchange?: ExchangeListener
): Router {
  const recorded =
    (handler: (req: Request) => Response): Handler =>
    (req) => {
      const response = handler(req)
      recordExchange(onExchange, 'web', req, undefined, response)
      return response
    }
  const notFound: Response = {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: 'Not Found'
  }
  return router
    .on(
      'GET',
      '/:owner/:repo/releases/download/*rest',
      recorded((req) => {
        const repo = store.repo(`${req.params.owner}/${req.params.repo}`)
        const rest = req.params.rest ?? ''
        const cut = rest.lastIndexOf('/')
        const tag = rest.slice(0, Math.max(cut, 0))
        const name = rest.slice(cut + 1)
        if (repo.settings.visibility !== 'public') return notFound
        const release = [...repo.releases.values()].find((r) => !r.draft && r.tagName === tag)
        const asset = release?.assets.find((a) => a.name === name && a.state === 'uploaded')
        if (!asset) return notFound
        return { status: 302, headers: { location: signed.asset(asset.id) } }
      })
    )
    .on(
      'GET',
      '/_storage/release-assets/:id',
      recorded((req) => {
        const id = Number(req.params.id)
        const found = store.findAsset(id)
        const { searchParams } = req.url
        if (!found || !signed.valid(id, searchParams.get('expires'), searchParams.get('sig'))) {
          return { ...notFound, status: 403, body: 'Signature not valid or expired' }
        }
        const { asset } = found
        const body = assetBody(store, asset)
        asset.downloadCount++
        return {
          status: 200,
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': asset.size,
            'content-disposition': `attachment; filename=${asset.name}`
          },
          body
        }
      })
    )
}
