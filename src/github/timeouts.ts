/**
 * An Octokit plugin that gives every attempt of a request its own deadline. It is registered before
 * the retry plugin (./retries.ts), so it sits inside it: each retry gets a fresh budget, and a
 * timed-out attempt looks to it like a dropped connection (retried where those are).
 *
 * The budget is SIGN_RELEASE_HTTP_TIMEOUT_MS (60 s by default, see util/timeout.ts), or
 * `request.timeoutMs` for one request (a streamed upload scales it by the file's size). A request
 * whose body is read by the caller (`parseSuccessResponseBody: false`) is timed until its headers
 * arrive; the caller times the body itself.
 */
import { httpTimeoutMs, TimeoutError } from '../util/timeout.js'

interface RequestOptions {
  method: string
  url: string
  request?: Record<string, unknown> & { timeoutMs?: number; signal?: AbortSignal }
  [key: string]: unknown
}

type Request = (options: RequestOptions) => Promise<unknown>

interface Hookable {
  hook: {
    wrap(name: 'request', wrapper: (request: Request, options: RequestOptions) => unknown): void
  }
  request: { endpoint: { parse(options: RequestOptions): { method: string; url: string } } }
}

/** A timed-out attempt, shaped as Octokit's RequestError so the retry plugin may retry it. */
export type RequestTimeout = TimeoutError & {
  status: number
  request: { method: string; url: string; request: Record<string, unknown> }
}

export function timeouts(octokit: unknown): void {
  const kit = octokit as Hookable
  // The caller's own signal, if any, by request: retries reuse the options of the first try.
  const callerSignals = new WeakMap<RequestOptions, AbortSignal | undefined>()
  kit.hook.wrap('request', async (request: Request, options: RequestOptions) => {
    const ms = options.request?.timeoutMs ?? httpTimeoutMs()
    const controller = new AbortController()
    if (!callerSignals.has(options)) callerSignals.set(options, options.request?.signal)
    const outer = callerSignals.get(options)
    const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal
    const timer = setTimeout(() => controller.abort(), ms)
    // Hooks share one options object (each inner hook was bound to it), so the signal is set on
    // it.
    options.request = { ...options.request, signal }
    try {
      return await request(options)
    } catch (error) {
      if (!controller.signal.aborted || outer?.aborted) throw error
      const parsed = kit.request.endpoint.parse(options)
      const timeout = new TimeoutError(
        `GitHub (${parsed.method} ${new URL(parsed.url).pathname})`,
        ms
      ) as RequestTimeout
      // Octokit reports an aborted fetch as status 500; the retry plugin needs `request` to retry.
      timeout.status = 500
      timeout.request = { ...parsed, request: { ...options.request } }
      timeout.cause = error
      throw timeout
    } finally {
      clearTimeout(timer)
    }
  })
}
