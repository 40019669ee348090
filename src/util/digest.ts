/** Streaming SHA-256: assets may be 2 GiB, so bytes pass through and are never kept. */
import { createHash } from 'node:crypto'
import { open, type FileReadResult } from 'node:fs/promises'
import type { Readable } from 'node:stream'

/** A file is read 4 MiB at a time into two buffers, the next read running while one is hashed. */
const FILE_CHUNK = 4 * 1024 * 1024

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

/**
 * A file read into two reused buffers: no garbage per read, so memory stays flat at any size, and
 * the disk read of one block overlaps the hashing of the one before (a third faster than taking
 * turns, measured on 1 GiB in page cache).
 */
export async function digestFile(path: string, onBytes?: (n: number) => void): Promise<Digested> {
  const file = await open(path, 'r')
  const read = (buffer: Buffer): Promise<FileReadResult<Buffer>> =>
    file.read(buffer, 0, FILE_CHUNK, null)
  let spare: Buffer = Buffer.allocUnsafe(FILE_CHUNK)
  let pending = read(Buffer.allocUnsafe(FILE_CHUNK))
  try {
    const hash = createHash('sha256')
    let size = 0
    for (;;) {
      const { bytesRead, buffer } = await pending
      if (bytesRead === 0) break
      pending = read(spare)
      spare = buffer
      hash.update(buffer.subarray(0, bytesRead))
      size += bytesRead
      onBytes?.(bytesRead)
    }
    return { sha256: hash.digest('hex'), size }
  } finally {
    // A read still running (after an error) must end before its file does.
    await pending.catch(() => undefined)
    await file.close()
  }
}

export function digestBuffer(bytes: Buffer): Digested {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length }
}
