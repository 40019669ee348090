/**
 * Octokit for the action: GITHUB_API_URL, a deadline per attempt, retries for transient failures,
 * and GitHub's rate limits honoured.
 */
import { getOctokit } from '@actions/github'
import { defaults, GitHub } from '@actions/github/lib/utils'
import type { Log } from '../log.js'
import {
  CONTENT_REQUESTS_PER_HOUR,
  CONTENT_REQUESTS_PER_MINUTE,
  contentWindowMs,
  WINDOW_MARGIN,
  WRITES_LEFT_TO_OTHERS
} from './limits.js'
import { WritePacer } from './pacer.js'
import { retrying, type LimitKind, type RequestLine } from './retries.js'
import { retryBaseDelayMs } from '../util/retry.js'
import { timeouts } from './timeouts.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface OctokitOptions {
  /** Empty for anonymous access (public repositories only, lower rate limits). */
  token: string
  apiUrl: string
  log: Log
  /** Retries of one request after a rate limit or a server error. */
  retries?: number
}

export interface Client {
  octokit: Octokit
  /**
   * Sets the pace of content-creating requests for a run that makes `requests` of them: at once
   * when they fit in GitHub's per-minute allowance, else as many as each sliding window allows.
   */
  paceWrites(requests: number): void
}

/**
 * The windows a write must fit in, with time to spare for clocks that disagree and a few writes a
 * window left to whatever else uses the token meanwhile (the step that created the release).
 */
function contentWindows(): { limit: number; ms: number }[] {
  const minute = contentWindowMs() * (1 + WINDOW_MARGIN)
  return [
    { limit: CONTENT_REQUESTS_PER_MINUTE - WRITES_LEFT_TO_OTHERS, ms: minute },
    { limit: CONTENT_REQUESTS_PER_HOUR - WRITES_LEFT_TO_OTHERS, ms: 60 * minute }
  ]
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export function createOctokit(options: OctokitOptions): Client {
  const retries = options.retries ?? 4
  const pacer = new WritePacer(contentWindows)
  const onLimit = (
    kind: LimitKind,
    retryAfterS: number,
    request: RequestLine,
    retryCount: number
  ): boolean => {
    if (retryCount >= retries) {
      options.log.warning(
        `${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`
      )
      return false
    }
    options.log.info(
      `${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfterS}s (GitHub's retry-after)`
    )
    return true
  }
  // Waits between tries after a failure: 1 s, 4 s, 9 s, 16 s by default.
  const retryPlugin = retrying({
    retries,
    baseDelayMs: retryBaseDelayMs(),
    doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
    onLimit
  })
  const settings = { baseUrl: options.apiUrl, userAgent: 'sign-release' }
  // Timeouts first: plugins wrap in order, so each retry gets its own deadline.
  const octokit = options.token
    ? getOctokit(options.token, settings, timeouts, retryPlugin)
    : new (GitHub.plugin(timeouts, retryPlugin))({
        ...defaults,
        ...settings
      })
  // Outside the retry plugin: one write is paced once, however often it is tried.
  octokit.hook.wrap('request', (request, endpoint) =>
    WRITE_METHODS.has(endpoint.method)
      ? pacer.run(async () => request(endpoint))
      : request(endpoint)
  )
  return {
    octokit,
    paceWrites: (requests) => pacer.setActive(requests > CONTENT_REQUESTS_PER_MINUTE)
  }
}
