/** Writes a file of pseudo-random bytes quickly (one random MiB, varied per block), for demos and benchmarks. */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

export async function makeFile(path: string, bytes: number): Promise<void> {
  const size = Math.round(bytes)
  const block = randomBytes(1024 * 1024)
  const out = createWriteStream(path)
  let written = 0
  let counter = 0
  while (written < size) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - written)))
    if (chunk.length >= 4) chunk.writeUInt32LE(counter++ >>> 0, 0)
    if (!out.write(chunk)) await once(out, 'drain')
    written += chunk.length
  }
  out.end()
  await once(out, 'finish')
}
