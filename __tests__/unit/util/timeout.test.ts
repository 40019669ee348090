/**
 * Per-attempt budgets: 60 s unless SIGN_RELEASE_HTTP_TIMEOUT_MS sets a positive number, an upload
 * gets one more second per MiB started, and the timeout error names what did not answer.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { httpTimeoutMs, TimeoutError, uploadTimeoutMs } from '../../../src/util/timeout.js'

const saved = process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
function setBase(value: string | undefined): void {
  if (value === undefined) delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
  else process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = value
}
afterEach(() => setBase(saved))

describe('attempt budgets', () => {
  it.each([
    [undefined, 60000],
    ['', 60000],
    ['0', 60000],
    ['-5', 60000],
    ['later', 60000],
    ['250', 250]
  ])('SIGN_RELEASE_HTTP_TIMEOUT_MS=%p gives %p ms', (value, expected) => {
    setBase(value)
    expect(httpTimeoutMs()).toBe(expected)
  })

  it('gives an upload one more second for each MiB started', () => {
    setBase(undefined)
    expect(uploadTimeoutMs(0)).toBe(60000)
    expect(uploadTimeoutMs(1)).toBe(61000)
    expect(uploadTimeoutMs(1024 * 1024)).toBe(61000)
    expect(uploadTimeoutMs(1024 * 1024 + 1)).toBe(62000)
    expect(uploadTimeoutMs(2 * 1024 ** 3)).toBe(60000 + 2048 * 1000)
    setBase('100')
    expect(uploadTimeoutMs(3 * 1024 * 1024)).toBe(3100)
  })

  it('names what did not answer and the budget in seconds', () => {
    const error = new TimeoutError('Rekor (https://rekor.example)', 1500)
    expect(error.message).toBe('Rekor (https://rekor.example) did not answer within 1.5s')
    expect(error).toMatchObject({ name: 'TimeoutError', what: 'Rekor (https://rekor.example)' })
    expect(error.timeoutMs).toBe(1500)
  })
})
