/**
 * An Octokit plugin that retries what is safe to retry, with nothing between a request and fetch.
 * (Octokit's retry and throttling plugins pass every request through Bottleneck schedulers, whose
 * timer turns held a write for seconds while signing kept the event loop busy.)
 *
 * - GitHub's rate limits (a 403 or 429 that says so): waits as long as GitHub says (its
 *   retry-after, or the primary limit's reset), once `onLimit` agrees; GitHub did nothing with
 *   the refused request, so even a request that is otherwise never retried is sent again.
 * - Any other failure whose status is not in `doNotRetry` (server errors, dropped connections and
 *   timeouts, which arrive as status 500): waits (n+1)² × the base before try n+1, up to the
 *   request's own `request.retries` or the plugin's count.
 *
 * It is registered after the timeouts plugin, so each try gets its own deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises'

export type LimitKind = 'Primary' | 'Secondary'

export interface RetryPolicy {
  retries: number
  /** The unit of the backoff between tries after a failure (1 s in production). */
  baseDelayMs: number
  doNotRetry: readonly number[]
  /**
   * Called when GitHub refuses a request for a rate limit, with the seconds to wait: true to wait
   * and try again. `retryCount` is the number of such waits already made for this request.
   */
  onLimit(kind: LimitKind, retryAfterS: number, request: RequestLine, retryCount: number): boolean
}

export interface RequestLine {
  method: string
  url: string
}

interface RequestOptions {
  method: string
  url: string
  request?: { retries?: number }
  [key: string]: unknown
}

interface Hookable {
  hook: {
    wrap(
      name: 'request',
      wrapper: (request: (o: RequestOptions) => Promise<unknown>, o: RequestOptions) => unknown
    ): void
  }
}

interface FailedRequest {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | undefined> }
  request?: { request?: unknown }
}

/** Without retry-after, GitHub's advice for a secondary limit: wait at least a minute. */
const SECONDARY_FALLBACK_S = 60

export function retrying(policy: RetryPolicy): (octokit: unknown) => void {
  return (octokit) => {
    ;(octokit as Hookable).hook.wrap('request', async (request, options) => {
      let limitWaits = 0
      let errorRetries = 0
      for (;;) {
        try {
          return await request(options)
        } catch (error) {
          const failed = error as FailedRequest
          const limit = rateLimitOf(failed)
          if (limit) {
            const line = { method: options.method, url: options.url }
            if (!policy.onLimit(limit.kind, limit.waitS, line, limitWaits)) throw error
            limitWaits++
            await sleep(limit.waitS * 1000)
            continue
          }
          const allowed = options.request?.retries ?? policy.retries
          if (!isRetryable(failed, policy.doNotRetry) || errorRetries >= allowed) throw error
          errorRetries++
          await sleep(errorRetries ** 2 * policy.baseDelayMs)
        }
      }
    })
  }
}

/** The limit a refusal names, and how long GitHub asks to wait (in whole seconds). */
export function rateLimitOf(error: FailedRequest): { kind: LimitKind; waitS: number } | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined
  const headers = error.response?.headers ?? {}
  if (/\bsecondary rate\b/i.test(error.message ?? '')) {
    const after = Number(headers['retry-after'])
    return { kind: 'Secondary', waitS: after > 0 ? after : SECONDARY_FALLBACK_S }
  }
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000
    // One second more, so the retry comes after the reset (GitHub's advice).
    return { kind: 'Primary', waitS: Math.max(Math.ceil((reset - Date.now()) / 1000) + 1, 0) }
  }
  if (error.status === 429 && Number(headers['retry-after']) > 0) {
    return { kind: 'Secondary', waitS: Number(headers['retry-after']) }
  }
  return undefined
}

/** A failure Octokit describes (status and request) whose status may change on a retry. */
function isRetryable(error: FailedRequest, doNotRetry: readonly number[]): boolean {
  return (
    error.request?.request !== undefined &&
    error.status !== undefined &&
    error.status >= 400 &&
    !doNotRetry.includes(error.status)
  )
}
