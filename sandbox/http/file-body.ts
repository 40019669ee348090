/**
 * A file sent as a response body through a few recycled buffers: each goes back to the pool once
 * the socket has taken its bytes. A file stream allocates a new buffer for every read, and that
 * garbage held a loopback download well under the speed the client could take (measured against
 * curl in docs/benchmarks.md).
 */
import type { ServerResponse } from 'node:http'
import { open } from 'node:fs/promises'

const CHUNK = 1024 * 1024
const BUFFERS = 4

export class FileBody {
  constructor(
    readonly path: string,
    readonly size: number
  ) {}
}

export async function sendFile(res: ServerResponse, body: FileBody): Promise<void> {
  const file = await open(body.path, 'r')
  // Made as needed, no larger than the file: a small asset costs one small buffer.
  const free: Buffer[] = []
  let made = 0
  let wake: (() => void) | undefined
  const notify = (): void => {
    const waiting = wake
    wake = undefined
    waiting?.()
  }
  res.on('close', notify)
  try {
    let sent = 0
    while (sent < body.size) {
      if (free.length === 0 && made < BUFFERS) {
        free.push(Buffer.allocUnsafe(Math.min(CHUNK, body.size)))
        made++
      }
      while (free.length === 0 && !res.destroyed) await new Promise<void>((r) => (wake = r))
      const buffer = free.pop()
      if (res.destroyed || !buffer) return
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, body.size - sent), null)
      if (bytesRead === 0) break
      sent += bytesRead
      res.write(buffer.subarray(0, bytesRead), () => {
        free.push(buffer)
        notify()
      })
    }
    await new Promise<void>((resolve) => res.end(resolve))
  } finally {
    res.off('close', notify)
    await file.close()
  }
}
