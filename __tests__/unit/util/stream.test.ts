/** readAll keeps a small stream in memory and refuses, destroying the stream, one over its limit. */
import { Readable } from 'node:stream'
import { describe, expect, it } from '@jest/globals'
import { readAll, TooLargeError } from '../../../src/util/stream.js'

const chunks = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)))

describe('readAll', () => {
  it('joins the chunks of a stream up to and including the limit', async () => {
    expect((await readAll(chunks('ab', 'cd', 'e'), 5)).toString()).toBe('abcde')
    expect((await readAll(chunks(), 5)).length).toBe(0)
  })

  it('refuses a stream one byte over the limit and stops reading it', async () => {
    let pulled = 0
    const endless = new Readable({
      read() {
        pulled++
        this.push(Buffer.alloc(4))
      }
    })
    const error = await readAll(endless, 10).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TooLargeError)
    expect((error as Error).message).toBe('more than 10 bytes')
    expect(endless.destroyed).toBe(true)
    expect(pulled).toBeLessThan(10)
    await expect(readAll(chunks('abcdef'), 5)).rejects.toBeInstanceOf(TooLargeError)
  })
})
