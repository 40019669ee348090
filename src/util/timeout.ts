/**
 * How long one attempt of a remote call may take before it is abandoned (and retried, where that is
 * safe). The base is 60 s, or SIGN_RELEASE_HTTP_TIMEOUT_MS: tests and the sandbox shorten it so a
 * stalled service is given up on in seconds; nothing else about the timeouts changes.
 */
export function httpTimeoutMs(): number {
  const raw = Number(process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS)
  return Number.isFinite(raw) && raw > 0 ? raw : 60000
}

/**
 * The budget of a streamed upload of `size` bytes: the base, plus one second per MiB (a runner
 * uploads far faster; this only stops a stalled upload from holding the job for hours).
 */
export function uploadTimeoutMs(size: number): number {
  return httpTimeoutMs() + Math.ceil(size / (1024 * 1024)) * 1000
}

/** The error of an attempt that took longer than its budget. */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number
  ) {
    super(`${what} did not answer within ${(timeoutMs / 1000).toFixed(1)}s`)
    this.name = 'TimeoutError'
  }
}
