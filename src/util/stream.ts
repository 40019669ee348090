import type { Readable } from 'node:stream'

/** A stream held more bytes than the caller accepts in memory. */
export class TooLargeError extends Error {
  constructor(limit: number) {
    super(`more than ${limit} bytes`)
    this.name = 'TooLargeError'
  }
}

/** Reads a small stream into memory, refusing more than `limit` bytes. */
export async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const bytes = chunk as Buffer
    size += bytes.length
    if (size > limit) {
      stream.destroy()
      throw new TooLargeError(limit)
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks)
}
