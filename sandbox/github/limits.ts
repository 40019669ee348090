/**
 * GitHub's rate limits. Primary: a budget of requests per hour per token (1000 for GITHUB_TOKEN,
 * 60 for anonymous callers), reported in `x-ratelimit-*` headers and answered with 403 and
 * `x-ratelimit-remaining: 0` once spent. Secondary: content-creating requests are limited to 80 a
 * minute and 500 an hour (sliding windows), answered with 403 and `retry-after`. `windowScale`
 * shrinks both windows for tests (0.01: an "hour" of 36 s).
 */
import { GitHubApiError } from './errors.js'

export interface LimitOptions {
  primaryLimit: number
  anonymousLimit: number
  perMinute: number
  perHour: number
  windowScale: number
}

export interface PrimaryState {
  limit: number
  remaining: number
  /** Epoch seconds when the window resets. */
  reset: number
  used: number
}

const MINUTE = 60_000
const HOUR = 3_600_000

export const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID '

export const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'

export class RateLimits {
  private readonly primary = new Map<string, { start: number; used: number }>()
  private readonly writes = new Map<string, number[]>()
  /** The 403s answered so far, for tests and benchmarks that expect none. */
  readonly refused = { primary: 0, secondary: 0 }

  constructor(
    private readonly options: LimitOptions,
    private readonly now: () => number = Date.now
  ) {}

  /** Counts one request against `key`'s hourly budget; `exceeded` when none was left. */
  spend(key: string, limit: number): PrimaryState & { exceeded: boolean } {
    const now = this.now()
    const windowMs = HOUR * this.options.windowScale
    let bucket = this.primary.get(key)
    if (!bucket || now >= bucket.start + windowMs) {
      bucket = { start: now, used: 0 }
      this.primary.set(key, bucket)
    }
    const exceeded = bucket.used >= limit
    if (exceeded) this.refused.primary++
    else bucket.used++
    return {
      limit,
      used: bucket.used,
      remaining: limit - bucket.used,
      reset: Math.ceil((bucket.start + windowMs) / 1000),
      exceeded
    }
  }

  /** Counts one content-creating request, or throws GitHub's secondary limit answer. */
  write(key: string, requestId: string): void {
    const now = this.now()
    const minute = MINUTE * this.options.windowScale
    const hour = HOUR * this.options.windowScale
    const times = (this.writes.get(key) ?? []).filter((t) => now - t < hour)
    this.writes.set(key, times)
    const inMinute = times.filter((t) => now - t < minute)
    const blockedUntil =
      inMinute.length >= this.options.perMinute
        ? (inMinute[inMinute.length - this.options.perMinute] ?? now) + minute
        : times.length >= this.options.perHour
          ? (times[times.length - this.options.perHour] ?? now) + hour
          : undefined
    if (blockedUntil !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((blockedUntil - now) / 1000))
      this.refused.secondary++
      throw new GitHubApiError(
        403,
        SECONDARY_MESSAGE + `${requestId}.`,
        undefined,
        { 'retry-after': String(retryAfter) },
        `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`
      )
    }
    times.push(now)
  }

  limitFor(anonymous: boolean): number {
    return anonymous ? this.options.anonymousLimit : this.options.primaryLimit
  }
}
