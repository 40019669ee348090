/** Streaming SHA-256: assets may be 2 GiB, so bytes pass through and are never kept. */
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
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

/** A file read into one reused buffer: no garbage per read, so memory stays flat at any size. */
export async function digestFile(path: string, onBytes?: (n: number) => void): Promise<Digested> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(CHUNK)
    const hash = createHash('sha256')
    let size = 0
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
      size += bytesRead
      onBytes?.(bytesRead)
    }
    return { sha256: hash.digest('hex'), size }
  } finally {
    await file.close()
  }
}

export function digestBuffer(bytes: Buffer): Digested {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
}
