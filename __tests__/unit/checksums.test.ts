/**
 * The checksums file is `sha256sum` output: GNU sha256sum itself checks what we render, and what
 * sha256sum writes (text and binary mode) is what we parse and recognise.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isChecksumsText, parseChecksums, renderChecksums } from '../../src/checksums.js'

const FILES = { 'b.zip': 'beta', 'a.tar.gz': 'alpha', 'tool linux.tar.gz': 'with a space' }
const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

function directory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'checksums-'))
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content)
  return dir
}

describe('the checksums file', () => {
  it('is read by sha256sum -c, sorted by name', () => {
    const dir = directory()
    const rendered = renderChecksums(
      Object.entries(FILES).map(([name, content]) => ({ name, sha256: sha(content) }))
    )
    writeFileSync(join(dir, 'SHA256SUMS'), rendered)
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })
    expect(out.trim().split('\n')).toEqual(['a.tar.gz: OK', 'b.zip: OK', 'tool linux.tar.gz: OK'])
  })

  it('parses and recognises what sha256sum writes, in text and binary mode', () => {
    const dir = directory()
    const names = Object.keys(FILES)
    for (const mode of ['--text', '--binary']) {
      const written = execFileSync('sha256sum', [mode, ...names], { cwd: dir })
      expect(isChecksumsText(written)).toBe(true)
      expect(Object.fromEntries(parseChecksums(written.toString('utf8')))).toEqual(
        Object.fromEntries(Object.entries(FILES).map(([name, content]) => [name, sha(content)]))
      )
    }
  })

  it('is not recognised in other text, and parsing skips lines that are not checksums', () => {
    expect(isChecksumsText(Buffer.from('-----BEGIN PGP SIGNATURE-----\n'))).toBe(false)
    expect(isChecksumsText(Buffer.from(`${sha('x').toUpperCase()}  x\n`))).toBe(false)
    expect([...parseChecksums(`# comment\n${sha('x')}  x\nnot a line\n`)]).toEqual([
      ['x', sha('x')]
    ])
  })
})
