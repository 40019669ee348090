/**
 * The first bundle of a file: the whole of a `.sigstore.json`, the first line of an in-toto JSON
 * Lines file; anything that does not start with a Sigstore bundle gives none.
 */
import { describe, expect, it } from '@jest/globals'
import { firstBundle, firstLine } from '../../src/bundle-lines.js'

const bundle = (n: number): Record<string, unknown> => ({
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  n
})

describe('bundle files', () => {
  it('reads the one bundle of a .sigstore.json', () => {
    expect(firstBundle(Buffer.from(JSON.stringify(bundle(1))))).toEqual(bundle(1))
  })

  it('reads the first bundle of JSON Lines, with or without a final newline or CR', () => {
    const lines = `${JSON.stringify(bundle(1))}\n${JSON.stringify(bundle(2))}\n`
    expect(firstBundle(Buffer.from(lines))).toEqual(bundle(1))
    expect(firstBundle(Buffer.from(lines.replace(/\n/g, '\r\n')))).toEqual(bundle(1))
    expect(firstLine(Buffer.from('one\ntwo'))).toBe('one')
    expect(firstLine(Buffer.alloc(0))).toBe('')
  })

  it.each([
    ['empty', ''],
    ['text', 'release notes'],
    ['JSON that is not a bundle', '{"mediaType":"application/json"}'],
    ['a bundle without its media type', '{"verificationMaterial":{}}'],
    ['JSON null', 'null'],
    ['a bundle after a blank first line', `\n${JSON.stringify(bundle(1))}`],
    ['a bundle spread over several lines', JSON.stringify(bundle(1), null, 2)]
  ])('finds none in %s', (_name, text) => {
    expect(firstBundle(Buffer.from(text))).toBeUndefined()
  })
})
