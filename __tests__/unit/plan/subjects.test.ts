/**
 * What the run signs: the release's assets that match, never its own outputs or unfinished uploads,
 * plus local files globbed in the workspace under the names GitHub will store, confined to it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import type { Asset } from '../../../src/github/assets.js'
import { localFiles, selectSubjects } from '../../../src/plan/subjects.js'
import { hostileWorkspace } from '../../helpers/workspace.js'

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
    await expect(localFiles(['*.bin'], dir)).rejects.toMatchObject({ code: 'INPUT_CONFLICT' })
    await expect(localFiles(['*.none'], dir)).rejects.toMatchObject({ code: 'NO_SUBJECTS' })
  })
})

describe('local files are confined to the workspace', () => {
  let workspace: string
  let outside: string
  beforeAll(async () => {
    ;({ workspace, outside } = await hostileWorkspace())
  })

  async function refusal(patterns: string[]): Promise<UserError> {
    const error = await localFiles(patterns, workspace).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }

  it.each([
    ['the workspace itself', '.', 'WORKSPACE_FILE'],
    ['a directory', 'dist', 'WORKSPACE_FILE'],
    ['a directory with a slash', 'dist/', 'WORKSPACE_FILE'],
    ['.git/config named explicitly', '.git/config', 'WORKSPACE_FILE'],
    ['.git spelled in capitals', '.GIT/config', 'WORKSPACE_FILE'],
    ['a glob that reaches into .git', '.gi?/*', 'WORKSPACE_FILE'],
    ["a nested repository's .git", 'sub/.*/*', 'WORKSPACE_FILE'],
    ['a link to .git/config', 'dist/config.bin', 'WORKSPACE_FILE'],
    ['a parent path', '../outside/secret', 'WORKSPACE_FILE'],
    ['a parent segment mid-path', 'dist/../../outside/secret', 'WORKSPACE_FILE'],
    ['an absolute path', '/etc/passwd', 'WORKSPACE_FILE'],
    ['a Windows drive path', 'C:/secret', 'WORKSPACE_FILE'],
    ['a link to a file outside', 'dist/escape.bin', 'WORKSPACE_FILE'],
    ['a glob through a link to a directory outside', 'linked/*', 'WORKSPACE_FILE'],
    ['a broken link', 'broken.bin', 'WORKSPACE_FILE'],
    ['a named pipe', 'pipe', 'WORKSPACE_FILE'],
    ['a pattern that matches nothing', 'dist/*.none', 'NO_SUBJECTS']
  ])('refuses %s', async (_name, pattern, code) => {
    const error = await refusal([pattern])
    expect(error.code).toBe(code)
    expect(error.message).toContain("'files'")
    if (code === 'WORKSPACE_FILE') expect(error.hint).toBeTruthy()
  })

  it('names the offending path, quoted, and suggests a glob for a directory', async () => {
    const directory = await refusal(['dist'])
    expect(directory.message).toContain('"dist"')
    expect(directory.hint).toContain('"dist/*"')
    const escape = await refusal(['dist/*'])
    expect(escape.message).toContain(JSON.stringify(join('dist', 'config.bin')))
    expect((await refusal(['dist/escape.bin'])).message).toContain(
      JSON.stringify(join(outside, 'secret'))
    )
  })

  it('never matches dotfiles or .git by wildcard, and takes those named explicitly', async () => {
    const names = async (patterns: string[]): Promise<string[]> =>
      (await localFiles(patterns, workspace)).map((f) => f.name)
    // Wildcards skip dotfiles and dot-directories, and a directory does not expand to its content.
    expect(await names(['clean/**'])).toEqual(['a.bin'])
    expect(await names(['clean/*', 'clean/**/*.bin'])).toEqual(['a.bin'])
    await expect(localFiles(['**/HEAD'], workspace)).rejects.toMatchObject({
      code: 'NO_SUBJECTS'
    })
    // Named explicitly, or by a pattern that spells the dot, they are taken.
    expect(await names(['.env', 'dist/.hidden'])).toEqual(['default.env', 'default.hidden'])
    expect(await names(['clean/.*'])).toEqual(['dot.bin'])
    expect(await names(['clean/.cache/*'])).toEqual(['c.bin'])
  })

  it('reads a link inside the workspace from its target, under its own name', async () => {
    const [file] = await localFiles(['latest.bin'], workspace)
    expect(file).toEqual({ path: join(workspace, 'dist', 'app.bin'), name: 'latest.bin', size: 3 })
  })
})
