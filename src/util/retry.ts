/**
 * Bounded retries with exponential backoff for calls that are safe to repeat (idempotent reads, the
 * token service, downloads). The last error is rethrown as it was.
 */
export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number
  /** Whether an error may be retried; all may when absent. */
  retryable?: (error: unknown) => boolean
  /** Delay before the first retry, doubled each time (jittered). */
  baseDelayMs?: number
  /** Called before each retry, with the error and the attempt that failed. */
  onRetry?: (error: unknown, attempt: number) => void
}

export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? retryBaseDelayMs()
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (attempt >= options.attempts || options.retryable?.(error) === false) throw error
      options.onRetry?.(error, attempt)
      const delay = base * 2 ** (attempt - 1) * (0.75 + Math.random() / 2)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/**
 * The first backoff delay: 1 s, or SIGN_RELEASE_RETRY_BASE_MS (tests and the sandbox shorten it so
 * fault tables run fast; the retry logic itself is unchanged).
 */
export function retryBaseDelayMs(): number {
  const raw = Number(process.env.SIGN_RELEASE_RETRY_BASE_MS)
  return Number.isFinite(raw) && raw >= 0 && process.env.SIGN_RELEASE_RETRY_BASE_MS ? raw : 1000
}
