/**
 * Octokit for the action: GITHUB_API_URL, a deadline per attempt, retries for transient failures,
 * and GitHub's rate limits honoured.
 */
import { getOctokit } from '@actions/github'
import { defaults, GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'
import type { Log } from '../log.js'
import {
  CONTENT_REQUESTS_PER_HOUR,
  CONTENT_REQUESTS_PER_MINUTE,
  contentWindowMs
} from './limits.js'
import { WritePacer } from './pacer.js'
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
 * The windows a write must fit in, with 2 % of time to spare for clocks that disagree and five
 * writes a window left to whatever else uses the token meanwhile (the step that created the release).
 */
function contentWindows(): { limit: number; ms: number }[] {
  const minute = contentWindowMs() * 1.02
  return [
    { limit: CONTENT_REQUESTS_PER_MINUTE - 5, ms: minute },
    { limit: CONTENT_REQUESTS_PER_HOUR - 5, ms: 60 * minute }
  ]
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export function createOctokit(options: OctokitOptions): Client {
  const retries = options.retries ?? 4
  // The plugin's own write limiter only spaces the starts of writes (a second apart by default);
  // the pacer below keeps them within GitHub's windows instead.
  const writes = new Bottleneck.Group({ maxConcurrent: null, minTime: 0, id: 'sign-release-write' })
  const pacer = new WritePacer(contentWindows)
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ): boolean => {
      if (retryCount >= retries) {
        options.log.warning(
          `${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`
        )
        return false
      }
      options.log.info(
        `${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfter}s (GitHub's retry-after)`
      )
      return true
    }
  const settings = {
    baseUrl: options.apiUrl,
    userAgent: 'sign-release',
    // Retries belong in the plugin's own options: a `request.retries` default would make it
    // retry every failure, 4xx included.
    // The plugin waits (n+1)² × the base between tries: 1 s, 4 s, 9 s, 16 s by default.
    retry: {
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
      retries,
      retryAfterBaseValue: retryBaseDelayMs()
    },
    throttle: {
      write: writes,
      onRateLimit: onLimit('Primary'),
      onSecondaryRateLimit: onLimit('Secondary')
    }
  }
  // Timeouts first: plugins wrap in order, so each retry gets its own deadline.
  const octokit = options.token
    ? getOctokit(options.token, settings, timeouts, retry, throttling)
    : (new (GitHub.plugin(timeouts, retry, throttling))({
        ...defaults,
        ...settings
      }) as unknown as Octokit)
  // Outside the retry and throttling plugins: one write is paced once, however often it is tried.
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
