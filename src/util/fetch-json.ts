/**
 * GET a small JSON document with a deadline per attempt and bounded retries: server errors, 429,
 * timeouts and lost connections are retried; any other answer is final.
 */
import { messageOf } from '../errors.js'
import { withRetries } from './retry.js'
import { httpTimeoutMs, TimeoutError } from './timeout.js'

export class FetchJsonError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown; notJson?: boolean }
  ) {
    super(message, options)
    this.name = 'FetchJsonError'
    this.notJson = options?.notJson === true
  }

  /** The server answered, but not with JSON. */
  readonly notJson: boolean
}

export interface FetchJsonOptions {
  headers?: Record<string, string>
  /** Tries in all; 4 when absent. */
  attempts?: number
}

export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<unknown> {
  return withRetries(() => fetchOnce(url, options.headers ?? {}), {
    attempts: options.attempts ?? 4,
    retryable: (error) => {
      const status = (error as FetchJsonError).status
      return status === undefined || status === 429 || status >= 500
    }
  })
}

async function fetchOnce(url: string, headers: Record<string, string>): Promise<unknown> {
  const ms = httpTimeoutMs()
  const signal = AbortSignal.timeout(ms)
  let response: Response
  let text: string
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal })
    text = await response.text()
  } catch (error) {
    if (signal.aborted) throw new FetchJsonError(new TimeoutError(new URL(url).origin, ms).message)
    const cause = (error as { cause?: unknown }).cause
    throw new FetchJsonError(`connection failed (${messageOf(cause ?? error)})`, undefined, {
      cause: error
    })
  }
  if (!response.ok) throw new FetchJsonError(`HTTP ${response.status}`, response.status)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new FetchJsonError('the answer is not JSON', response.status, { notJson: true })
  }
}
