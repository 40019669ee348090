/**
 * What GitHub's failures mean to the user, in one place. Every call (./repo-api.ts) passes its errors
 * through `githubError`: a rejected token, a missing permission, an immutable release, and GitHub
 * being unavailable (server errors, rate limits, timeouts, dropped connections that the retry plugin
 * gave up on) become UserErrors naming the request and the fix. Anything else
 * (404, 409, other 422s) is returned unchanged: the caller knows what it means there.
 */
import { UserError, messageOf, statusOf } from '../errors.js'
import { quote, firstLine } from '../util/format.js'

export interface GitHubCallContext {
  /** owner/repo, for messages. */
  slug: string
  /** What a 403 says is missing; `contents: write` when absent. */
  permission?: string
  /** The request when the error does not carry it (e.g. `GET asset "x"`). */
  request?: string
}

const RERUN = 're-run the job: GitHub was failing or slow; nothing that was uploaded is lost'

export function githubError(error: unknown, context: GitHubCallContext): unknown {
  if (error instanceof UserError) return error
  const code = status(error)
  const request = requestOf(error) ?? context.request ?? 'a request'
  const said = serverMessage(error)
  if ((error as Error | null)?.name === 'TimeoutError') {
    return new UserError(
      'GITHUB_UNAVAILABLE',
      `GitHub did not answer ${request} in time, after retries (${messageOf(error)})`,
      RERUN,
      { cause: error }
    )
  }
  if (code === undefined) return error
  if (code === 500 && !hasResponse(error)) {
    return new UserError(
      'GITHUB_UNAVAILABLE',
      `The connection to GitHub failed on ${request}, after retries (${quote(firstLine(messageOf(error)))})`,
      RERUN,
      { cause: error }
    )
  }
  if (code === 401) {
    return new UserError(
      'GITHUB_AUTH',
      `GitHub rejected the token on ${request} (HTTP 401 ${quote(said)})`,
      "pass a valid token in the 'github-token' input (the default ${{ github.token }} works); this one is wrong, expired or revoked",
      { cause: error }
    )
  }
  if (code === 429 || (code === 403 && /rate limit/i.test(said))) {
    const kind = /secondary/i.test(said) ? 'secondary rate limit' : 'rate limit'
    return new UserError(
      'GITHUB_UNAVAILABLE',
      `GitHub's ${kind} held back ${request} after retries (HTTP ${code})`,
      're-run the job later: GitHub limits how many requests a token may make',
      { cause: error }
    )
  }
  if (code === 403) {
    const permission = context.permission ?? 'contents: write'
    return new UserError(
      'PERMISSION',
      `GitHub refused ${request} in ${context.slug} (HTTP 403): the token lacks '${permission}'`,
      `grant it in the job:\n  permissions:\n    ${permission}\n    id-token: write`,
      { cause: error }
    )
  }
  if (code === 422 && /immutable/i.test(said)) {
    return new UserError(
      'RELEASE',
      'GitHub refused the upload: the release is immutable',
      "sign while the release is a draft, and let this action publish it with 'publish: true'",
      { cause: error }
    )
  }
  if (code >= 500) {
    return new UserError(
      'GITHUB_UNAVAILABLE',
      `GitHub answered HTTP ${code} to ${request}, after retries (${quote(said)})`,
      RERUN,
      { cause: error }
    )
  }
  return error
}

/** Whether an error means GitHub was unavailable (worth another try), not that it refused. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof UserError && error.code === 'GITHUB_UNAVAILABLE'
}

/**
 * Whether GitHub said "rate limit": the retry plugin (./retries.ts) has already waited as long as GitHub
 * asked (and then gave up), so trying again at once would not help.
 */
export function isRateLimited(error: unknown): boolean {
  const code = status(error)
  const cause = error instanceof UserError ? error.cause : error
  return (code === 403 || code === 429) && /rate limit/i.test(serverMessage(cause))
}

/** Whether GitHub answered 404: the thing asked for does not exist, or the token may not see it. */
export function isNotFound(error: unknown): boolean {
  return status(error) === 404
}

/** The HTTP status GitHub answered, also through a UserError made from it. */
export function status(error: unknown): number | undefined {
  return statusOf(error) ?? (error instanceof UserError ? statusOf(error.cause) : undefined)
}

/** `METHOD /path` of an Octokit error, without query or host (and so never a credential). */
function requestOf(error: unknown): string | undefined {
  const request = (error as { request?: { method?: unknown; url?: unknown } } | null)?.request
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return undefined
  try {
    return `${request.method} ${new URL(request.url).pathname}`
  } catch {
    return request.method
  }
}

function hasResponse(error: unknown): boolean {
  return (error as { response?: unknown } | null)?.response !== undefined
}

function serverMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data
  const message = (data as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : firstLine(messageOf(error))
}
