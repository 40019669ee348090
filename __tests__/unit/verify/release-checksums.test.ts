/**
 * The checksums file as a downloader checks it: it counts only when its own signature verified, and
 * then each file must be listed with the digest it has.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { renderChecksums } from '../../../src/checksums.js'
import { listed, readChecksums } from '../../../src/verify/release-checksums.js'

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
const SUMS = renderChecksums([
  { name: 'app.zip', sha256: sha('app') },
  { name: 'tool linux.tar.gz', sha256: sha('tool') }
])

describe('listed', () => {
  const signed = readChecksums(SUMS, { status: 'ok' })

  it('passes a file listed with its digest, names with spaces included', () => {
    expect(listed(signed, 'app.zip', sha('app'))).toEqual({ status: 'ok' })
    expect(listed(signed, 'tool linux.tar.gz', sha('tool'))).toEqual({ status: 'ok' })
  })

  it('fails a file listed with another digest, saying which, or not listed', () => {
    expect(listed(signed, 'app.zip', sha('changed'))).toEqual({
      status: 'failed',
      detail: `the checksums file says ${sha('app')}`
    })
    expect(listed(signed, 'new.zip', sha('new'))).toEqual({
      status: 'failed',
      detail: 'not listed in the checksums file'
    })
  })

  it('trusts no listing whose signature did not verify', () => {
    const unsigned = readChecksums(SUMS, { status: 'missing', detail: 'no bundle' })
    expect(listed(unsigned, 'app.zip', sha('app'))).toEqual({
      status: 'failed',
      detail: 'the checksums file is not validly signed'
    })
    expect(readChecksums(SUMS, { status: 'failed' }).check).toEqual({ status: 'failed' })
  })

  it('says there is no checksums file', () => {
    expect(listed(undefined, 'app.zip', sha('app'))).toEqual({
      status: 'missing',
      detail: 'no checksums file on the release'
    })
  })
})
