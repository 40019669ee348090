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
import { CONTENT_REQUESTS_PER_MINUTE } from './limits.js'
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
   * when they fit in GitHub's per-minute allowance, else spread to stay under it.
   */
  paceWrites(requests: number): void
}

/** Writes of a run that fits in one minute's allowance go at once, four at a time. */
const BURST = { maxConcurrent: 4, minTime: 0 }
/** Otherwise one at a time, a little under 80 a minute. */
const PACED = { maxConcurrent: 1, minTime: Math.ceil(60000 / (CONTENT_REQUESTS_PER_MINUTE - 5)) }

export function createOctokit(options: OctokitOptions): Client {
  const retries = options.retries ?? 4
  const writes = new Bottleneck.Group({ ...BURST, id: 'sign-release-write' })
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
  return {
    octokit,
    paceWrites: (requests) =>
      writes.updateSettings(requests > CONTENT_REQUESTS_PER_MINUTE ? PACED : BURST)
  }
}
