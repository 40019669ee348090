import type { Readable } from 'node:stream'

/** Reads a small stream into memory, refusing more than `limit` bytes. */
export async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const bytes = chunk as Buffer
    size += bytes.length
    if (size > limit) {
      stream.destroy()
      throw new Error(`more than ${limit} bytes`)
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks)
}
