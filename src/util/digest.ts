/** Streaming SHA-256: assets may be 2 GiB, so bytes pass through and are never kept. */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'

/** 1 MiB reads: large enough to keep hashing near openssl's speed. */
const CHUNK = 1024 * 1024

export interface Digested {
  sha256: string
  size: number
}

export async function digestStream(
  stream: Readable,
  onBytes?: (n: number) => void
): Promise<Digested> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of stream) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    size += bytes.length
    onBytes?.(bytes.length)
  }
  return { sha256: hash.digest('hex'), size }
}

export function digestFile(path: string, onBytes?: (n: number) => void): Promise<Digested> {
  return digestStream(createReadStream(path, { highWaterMark: CHUNK }), onBytes)
}

export function digestBuffer(bytes: Buffer): Digested {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
}
