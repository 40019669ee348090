/**
 * Streaming SHA-256 agrees with node:crypto over the whole bytes (and with the known digest of
 * nothing), counts every byte, and reads a large file in several chunks rather than at once.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from '@jest/globals'
import { digestBuffer, digestFile, digestStream } from '../../../src/util/digest.js'

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

describe('digests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-'))

  it('hashes a file of several chunks, reporting each chunk read', async () => {
    // Random bytes: every block differs, so a block hashed from the wrong buffer would show.
    const bytes = randomBytes(9.5 * 1024 * 1024 + 7)
    writeFileSync(join(dir, 'big.bin'), bytes)
    const reads: number[] = []
    const digest = await digestFile(join(dir, 'big.bin'), (n) => reads.push(n))
    expect(digest).toEqual({ sha256: sha(bytes), size: bytes.length })
    expect(reads.length).toBeGreaterThan(2)
    expect(reads.reduce((a, b) => a + b, 0)).toBe(bytes.length)
  })

  it('hashes an empty file to the digest of nothing', async () => {
    writeFileSync(join(dir, 'empty'), '')
    expect(await digestFile(join(dir, 'empty'))).toEqual({ sha256: EMPTY, size: 0 })
    expect(digestBuffer(Buffer.alloc(0))).toEqual({ sha256: EMPTY, size: 0 })
  })

  it('gives the same digest for a stream, a buffer and a file of the same bytes', async () => {
    const bytes = Buffer.from('app v1')
    writeFileSync(join(dir, 'app'), bytes)
    const expected = { sha256: sha(bytes), size: 6 }
    expect(await digestStream(Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]))).toEqual(
      expected
    )
    expect(digestBuffer(bytes)).toEqual(expected)
    expect(await digestFile(join(dir, 'app'))).toEqual(expected)
  })

  it('fails for a file that does not exist', async () => {
    await expect(digestFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
