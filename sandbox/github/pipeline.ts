/**
 * What every request to the API and upload hosts goes through, in GitHub's order: credentials
 * (401), the primary rate limit (403, `x-ratelimit-remaining: 0`), the repository and permission
 * (404/401/403), the secondary limit on content-creating requests (403, `retry-after`), the JSON
 * body (400/422), then the endpoint. Every answer carries `x-ratelimit-*` headers and a request
 * id, and is reported as an exchange.
 */
import { randomBytes } from 'node:crypto'
import { readBody, type Handler, type Request, type Response, type Router } from '../http/server.js'
import { authorize, badCredentials, type Access, type Identity, type Tokens } from './auth.js'
import { GitHubApiError } from './errors.js'
import { recordExchange, type Exchange, type ExchangeListener } from './exchange.js'
import type { Body } from './input.js'
import { RATE_LIMIT_DOCS, type PrimaryState, type RateLimits } from './limits.js'
import type { RepoRecord, Store } from './store.js'

export interface Context {
  req: Request
  identity: Identity
  /** The `:owner/:repo` of the route (created on first use); only for routes with an access. */
  repo: RepoRecord
  /** The parsed JSON body ({} when empty); not read for raw routes. */
  body: Body
}

export interface Operation {
  method: string
  path: string
  /** The `documentation_url` of this endpoint's errors. */
  docs: string
  /** What the caller needs on the route's repository; absent for routes without one. */
  access?: Access
  /** The handler reads the body itself (uploads). */
  raw?: boolean
  handle(ctx: Context): Response | Promise<Response>
}

export interface PipelineDeps {
  service: Exchange['service']
  tokens: Tokens
  limits: RateLimits
  store: Store
  onExchange?: ExchangeListener
}

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export function mount(router: Router, deps: PipelineDeps, operations: Operation[]): Router {
  for (const op of operations) router.on(op.method, op.path, wrap(deps, op))
  return router
}

function wrap(deps: PipelineDeps, op: Operation): Handler {
  return async (req) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    const known = deps.tokens.identify(req.headers.authorization)
    // Bad credentials still count against the caller's anonymous budget.
    const identity: Identity = known ?? { kind: 'anonymous' }
    const key = identity.kind === 'token' ? identity.grant.token : 'anonymous'
    const rate = deps.limits.spend(key, deps.limits.limitFor(identity.kind === 'anonymous'))
    let body: Body | undefined
    let response: Response
    try {
      if (!known) throw badCredentials()
      if (rate.exceeded) throw primaryExceeded(identity)
      let repo: RepoRecord | undefined
      if (op.access) {
        repo = deps.store.repo(`${req.params.owner}/${req.params.repo}`)
        authorize(identity, repo, op.access)
      }
      if (WRITES.has(req.method) && identity.kind === 'token') deps.limits.write(key, requestId)
      body = op.raw ? undefined : await parseBody(req)
      response = await op.handle({ req, identity, repo: repo as RepoRecord, body: body ?? {} })
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error
      response = { status: error.status, headers: error.headers, body: error.body(op.docs) }
    }
    response.headers = { ...commonHeaders(requestId, rate), ...response.headers }
    recordExchange(deps.onExchange, deps.service, req, body, response)
    return response
  }
}

function primaryExceeded(identity: Identity): GitHubApiError {
  const who =
    identity.kind === 'token'
      ? `installation ID ${identity.grant.installationId}.`
      : "127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"
  return new GitHubApiError(
    403,
    `API rate limit exceeded for ${who}`,
    undefined,
    {},
    `${RATE_LIMIT_DOCS}#about-the-primary-rate-limit`
  )
}

async function parseBody(req: Request): Promise<Body | undefined> {
  if (!WRITES.has(req.method)) return undefined
  const text = (await readBody(req, 10 * 1024 * 1024)).toString('utf8')
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new GitHubApiError(400, 'Problems parsing JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GitHubApiError(400, 'Body should be a JSON object')
  }
  return value as Body
}

function commonHeaders(requestId: string, rate: PrimaryState): Record<string, string> {
  return {
    'x-github-request-id': requestId,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.reset),
    'x-ratelimit-used': String(rate.used),
    'x-ratelimit-resource': 'core'
  }
}
