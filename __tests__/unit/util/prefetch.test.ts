import { describe, expect, it } from '@jest/globals'
import { prefetched } from '../../../src/util/prefetch.js'

describe('prefetched', () => {
  it('starts the call at once and hands its answer to the first ask with the same key', async () => {
    const calls: string[] = []
    const ask = prefetched((audience: string) => {
      calls.push(audience)
      return Promise.resolve(`token-${calls.length}`)
    }, 'sigstore')
    expect(calls).toEqual(['sigstore'])
    await expect(ask('sigstore')).resolves.toBe('token-1')
    expect(calls).toEqual(['sigstore'])
  })

  it('calls again for every later ask, and for another key', async () => {
    const calls: string[] = []
    const ask = prefetched((audience: string) => {
      calls.push(audience)
      return Promise.resolve(`token-${calls.length}`)
    }, 'sigstore')
    await expect(ask('other')).resolves.toBe('token-2')
    await expect(ask('sigstore')).resolves.toBe('token-1')
    await expect(ask('sigstore')).resolves.toBe('token-3')
    expect(calls).toEqual(['sigstore', 'other', 'sigstore'])
  })

  it('keeps an early failure until it is asked for, and never as an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      const ask = prefetched(() => Promise.reject(new Error('token service down')), 'sigstore')
      // Let the rejection settle with nobody awaiting it yet.
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      await expect(ask('sigstore')).rejects.toThrow('token service down')
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
