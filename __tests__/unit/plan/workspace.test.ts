/**
 * The workspace rule on a real disk (temp directories, symlinks, a named pipe): a local file must be
 * a regular file whose real path is inside the workspace, reached without an absolute path or `..`
 * and never through `.git` (which holds the checkout's token); each refusal names the path and a fix.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import {
  confine,
  refuseEscape,
  refuseNonFile,
  workspaceError,
  workspaceRoot
} from '../../../src/plan/workspace.js'
import { hostileWorkspace } from '../../helpers/workspace.js'

let workspace: string
let root: string
let outside: string

beforeAll(async () => {
  ;({ workspace, outside } = await hostileWorkspace())
  root = await workspaceRoot(workspace)
  // A sibling whose name starts with the workspace's: inside by string prefix, outside in truth.
  await mkdir(`${workspace}-evil`)
  await writeFile(join(`${workspace}-evil`, 'x.bin'), 'x')
  await symlink(join(`${workspace}-evil`, 'x.bin'), join(workspace, 'sibling.bin'))
})

function thrown(fn: () => unknown): UserError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
  throw new Error('nothing was thrown')
}

async function rejected(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

describe('refuseEscape, before anything is read', () => {
  it.each([
    ['/etc/passwd', 'is an absolute path'],
    ['C:/Users/secret', 'is an absolute path'],
    ['c:relative', 'is an absolute path'],
    ['\\\\server\\share', 'is an absolute path'],
    ['../outside', "climbs out of the workspace with '..'"],
    ['dist/../../x', "climbs out of the workspace with '..'"],
    ['dist\\..\\..\\x', "climbs out of the workspace with '..'"],
    ['.git/config', 'is under .git'],
    ['sub/.Git/HEAD', 'is under .git'],
    ['a\\.GIT\\config', 'is under .git']
  ])('refuses %p: %s', (pattern, problem) => {
    const error = thrown(() => refuseEscape('files', pattern))
    expect(error.code).toBe('WORKSPACE_FILE')
    expect(error.message).toMatch(/^Input 'files': /)
    expect(error.message).toContain(`${JSON.stringify(pattern)} ${problem}`)
    expect(error.hint).toBeTruthy()
  })

  it.each(['dist/*.tar.gz', '**/*.bin', '.env', 'a..b/c', '.github/x', 'git/config'])(
    'lets %p through to the file system checks',
    (pattern) => {
      expect(() => refuseEscape('files', pattern)).not.toThrow()
    }
  )
})

describe('workspaceRoot', () => {
  it("resolves the workspace's real path, through a symlink", async () => {
    const link = join(dirname(workspace), 'ws-link')
    await symlink(workspace, link)
    expect(await workspaceRoot(link)).toBe(root)
  })

  it('refuses a workspace that does not exist as an environment problem', async () => {
    const error = await rejected(workspaceRoot(join(workspace, 'missing')))
    expect(error.code).toBe('RUNNER_ENV')
    expect(error.message).toContain('GITHUB_WORKSPACE')
  })
})

describe('confine', () => {
  const at = (path: string): Promise<{ real: string; size: number }> =>
    confine('files', root, workspace, join(workspace, path))

  it('gives the real path and size of a regular file inside, also through a link inside', async () => {
    expect(await at('dist/app.bin')).toEqual({ real: join(root, 'dist', 'app.bin'), size: 3 })
    expect(await at('latest.bin')).toEqual({ real: join(root, 'dist', 'app.bin'), size: 3 })
  })

  it.each([
    ['dist/escape.bin', 'outside the workspace'],
    ['sibling.bin', 'outside the workspace'],
    ['linked/secret', 'outside the workspace'],
    ['dist/config.bin', 'is under .git'],
    ['broken.bin', 'does not exist or is a broken symlink'],
    ['missing.bin', 'does not exist or is a broken symlink'],
    ['pipe', 'is not a regular file'],
    ['dist', 'is not a regular file']
  ])('refuses %p: %s', async (path, problem) => {
    const error = await rejected(at(path))
    expect(error.code).toBe('WORKSPACE_FILE')
    expect(error.message).toContain(JSON.stringify(path))
    expect(error.message).toContain(problem)
  })

  it('refuses the workspace itself, and says where a link outside leads', async () => {
    const itself = await rejected(confine('files', root, workspace, workspace))
    expect(itself.message).toContain('outside the workspace')
    const escape = await rejected(at('dist/escape.bin'))
    expect(escape.message).toContain(JSON.stringify(join(outside, 'secret')))
    expect(escape.hint).toBe('copy the file into the workspace instead of linking to it')
  })

  it('suggests a glob for a directory, and names the input it refuses for', async () => {
    const error = await rejected(confine('sbom', root, workspace, join(workspace, 'dist')))
    expect(error.message).toMatch(/^Input 'sbom': /)
    expect(error.hint).toBe('name the files in it with a glob, e.g. "dist/*"')
  })
})

describe('refuseNonFile, for a pattern without glob syntax', () => {
  it.each([
    ['dist', 'is a directory', 'name the files in it with a glob, e.g. "dist/*"'],
    ['dist//', 'is a directory', 'name the files in it with a glob, e.g. "dist/*"'],
    ['.', 'is a directory', 'name the files in it with a glob, e.g. "*"'],
    ['pipe', 'is not a regular file', 'give regular files only'],
    ['broken.bin', 'is a broken symlink', 'link to a file that exists']
  ])('refuses %p: %s', async (pattern, problem, hint) => {
    const error = await rejected(refuseNonFile('files', workspace, pattern))
    expect(error.message).toBe(`Input 'files': ${JSON.stringify(pattern)} ${problem}`)
    expect(error.hint).toBe(hint)
  })

  it('lets a regular file, and a path that does not exist (the glob reports it), through', async () => {
    await expect(refuseNonFile('files', workspace, 'dist/app.bin')).resolves.toBeUndefined()
    await expect(refuseNonFile('files', workspace, 'not-built-yet.bin')).resolves.toBeUndefined()
  })
})

describe('workspaceError', () => {
  it('is a WORKSPACE_FILE error naming the input, keeping its cause', () => {
    const cause = new Error('EACCES')
    const error = workspaceError('sbom', 'cannot be read', 'fix it', { cause })
    expect(error).toMatchObject({
      code: 'WORKSPACE_FILE',
      message: "Input 'sbom': cannot be read",
      hint: 'fix it',
      cause
    })
  })
})
