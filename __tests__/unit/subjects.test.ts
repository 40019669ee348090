import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { Asset } from '../../src/github/releases.js'
import { localFiles, selectSubjects } from '../../src/plan/subjects.js'
import { releaseTarget } from '../../src/plan/release.js'

let nextId = 1
const asset = (name: string, state = 'uploaded'): Asset => ({
  id: nextId++,
  name,
  size: 3,
  state,
  contentType: 'application/octet-stream'
})

describe('selectSubjects', () => {
  it('signs matching assets, never its own outputs, and skips unfinished uploads', () => {
    const assets = [
      asset('b.zip'),
      asset('a.tar.gz'),
      asset('a.tar.gz.sigstore.json'),
      asset('a.tar.gz.sig'),
      asset('notes.txt'),
      asset('multiple.intoto.jsonl'),
      asset('half.bin', 'starter'),
      asset('b.zip.pem.sign-release-tmp')
    ]
    const selection = selectSubjects(
      assets,
      [],
      ['*.zip', '*.tar.gz', '*.bin'],
      ['multiple.intoto.jsonl', 'SHA256SUMS']
    )
    expect(selection.subjects.map((s) => s.name)).toEqual(['a.tar.gz', 'b.zip'])
    expect(selection.skipped).toEqual([
      { name: 'half.bin', reason: "its upload never finished (state 'starter')" }
    ])
  })

  it('adds local files, linking an asset of the same stored name', () => {
    const existing = asset('my.app.bin')
    const selection = selectSubjects(
      [existing],
      [{ path: '/w/my app.bin', name: 'my.app.bin', size: 3 }],
      ['*'],
      []
    )
    expect(selection.subjects).toEqual([
      { kind: 'file', name: 'my.app.bin', path: '/w/my app.bin', size: 3, existing }
    ])
  })
})

describe('localFiles', () => {
  it('globs files with the names GitHub will store, and refuses two files with one name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'subjects-'))
    await writeFile(join(dir, 'my tool.bin'), 'abc')
    await writeFile(join(dir, 'other.txt'), 'x')
    const files = await localFiles(['*.bin'], dir)
    expect(files).toEqual([{ path: join(dir, 'my tool.bin'), name: 'my.tool.bin', size: 3 }])
    await writeFile(join(dir, 'my.tool.bin'), 'abc')
    await expect(localFiles(['*.bin'], dir)).rejects.toThrow(
      "would both be stored as 'my.tool.bin'"
    )
    await expect(localFiles(['*.none'], dir)).rejects.toThrow(
      "Input 'files': no file matches *.none"
    )
  })
})

describe('releaseTarget', () => {
  const event = { eventName: 'push', ref: 'refs/heads/main', payload: {} }
  it('prefers release-id, then tag, then the event', () => {
    expect(releaseTarget({ releaseId: 5, tag: 'v1' }, event)).toEqual({ id: 5 })
    expect(releaseTarget({ tag: 'v1' }, event)).toEqual({ tag: 'v1' })
    expect(
      releaseTarget(
        {},
        { eventName: 'release', ref: 'refs/tags/v2', payload: { release: { id: 9 } } }
      )
    ).toEqual({ id: 9 })
    expect(releaseTarget({}, { ...event, ref: 'refs/tags/v3' })).toEqual({ tag: 'v3' })
    expect(() => releaseTarget({}, event)).toThrow(
      "No release to sign: the 'push' event on refs/heads/main names none"
    )
  })
})
