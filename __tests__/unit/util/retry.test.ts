/**
 * Bounded retries: a failing call is tried again up to `attempts` times in all, an error the caller
 * calls final is not retried, and the last error comes back as it was thrown. Delays are 0 ms here
 * (the backoff arithmetic is not observed); SIGN_RELEASE_RETRY_BASE_MS sets the first delay.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { retryBaseDelayMs, withRetries } from '../../../src/util/retry.js'

/** A call that fails with these errors in turn, then answers 'ok'. */
function failing(...errors: Error[]): { call: () => Promise<string>; calls: () => number } {
  let calls = 0
  return {
    calls: () => calls,
    call: () => {
      const error = errors[calls++]
      return error ? Promise.reject(error) : Promise.resolve('ok')
    }
  }
}

describe('withRetries', () => {
  it('tries again until the call succeeds, reporting each failed attempt', async () => {
    const flaky = failing(new Error('one'), new Error('two'))
    const retried: [string, number][] = []
    const result = await withRetries(flaky.call, {
      attempts: 3,
      baseDelayMs: 0,
      onRetry: (error, attempt) => retried.push([(error as Error).message, attempt])
    })
    expect(result).toBe('ok')
    expect(flaky.calls()).toBe(3)
    expect(retried).toEqual([
      ['one', 1],
      ['two', 2]
    ])
  })

  it('gives up after the number of attempts, rethrowing the last error itself', async () => {
    const last = new Error('three')
    const flaky = failing(new Error('one'), new Error('two'), last)
    const error = await withRetries(flaky.call, { attempts: 3, baseDelayMs: 0 }).catch(
      (e: unknown) => e
    )
    expect(error).toBe(last)
    expect(flaky.calls()).toBe(3)
  })

  it('stops at an error that is not retryable', async () => {
    const final = Object.assign(new Error('not found'), { status: 404 })
    const flaky = failing(Object.assign(new Error('busy'), { status: 503 }), final)
    const error = await withRetries(flaky.call, {
      attempts: 5,
      baseDelayMs: 0,
      retryable: (e) => (e as { status: number }).status >= 500
    }).catch((e: unknown) => e)
    expect(error).toBe(final)
    expect(flaky.calls()).toBe(2)
  })

  it('makes a single attempt when told to', async () => {
    const flaky = failing(new Error('once'))
    await expect(withRetries(flaky.call, { attempts: 1, baseDelayMs: 0 })).rejects.toThrow('once')
    expect(flaky.calls()).toBe(1)
  })
})

describe('the first backoff delay', () => {
  const saved = process.env.SIGN_RELEASE_RETRY_BASE_MS
  afterEach(() => {
    if (saved === undefined) delete process.env.SIGN_RELEASE_RETRY_BASE_MS
    else process.env.SIGN_RELEASE_RETRY_BASE_MS = saved
  })

  it.each([
    [undefined, 1000],
    ['', 1000],
    ['0', 0],
    ['25', 25],
    ['-1', 1000],
    ['soon', 1000]
  ])('is %p ms -> %p', (value, expected) => {
    if (value === undefined) delete process.env.SIGN_RELEASE_RETRY_BASE_MS
    else process.env.SIGN_RELEASE_RETRY_BASE_MS = value
    expect(retryBaseDelayMs()).toBe(expected)
  })
})
