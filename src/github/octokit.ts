/** Octokit for the action: GITHUB_API_URL, retries for transient failures, and GitHub's rate limits honoured. */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Log } from '../log.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface OctokitOptions {
  token: string
  apiUrl: string
  log: Log
  /** Retries of one request after a rate limit or a server error. */
  retries?: number
}

export function createOctokit(options: OctokitOptions): Octokit {
  const retries = options.retries ?? 4
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
  return getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl,
      userAgent: 'sign-release',
      // Retries belong in the plugin's own options: a `request.retries` default would make it
      // retry every failure, 4xx included.
      retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451], retries },
      throttle: {
        onRateLimit: onLimit('Primary'),
        onSecondaryRateLimit: onLimit('Secondary')
      }
    },
    retry,
    throttling
  )
}
