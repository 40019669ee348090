/**
 * The only local files the action reads and uploads (`files`, `sbom`): regular files inside the
 * workspace, reached without `..`, absolute paths or symlinks that lead out, and never anything
 * under a `.git` directory (the checkout's `.git/config` holds the job's token).
 */
import { lstat, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { UserError } from '../errors.js'
import { quote } from '../util/format.js'

export function workspaceError(
  input: string,
  problem: string,
  fix: string,
  options?: { cause?: unknown }
): UserError {
  return new UserError('WORKSPACE_FILE', `Input '${input}': ${problem}`, fix, options)
}

/** Refuses, before anything is read, a path or glob that is absolute, climbs with `..` or names .git. */
export function refuseEscape(input: string, pattern: string): void {
  const segments = pattern.split(/[\\/]+/)
  // A drive letter or a leading backslash is absolute on Windows even where isAbsolute says no.
  if (isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.startsWith('\\')) {
    throw workspaceError(
      input,
      `${quote(pattern)} is an absolute path`,
      'give a path relative to the workspace (GITHUB_WORKSPACE)'
    )
  }
  if (segments.includes('..')) {
    throw workspaceError(
      input,
      `${quote(pattern)} climbs out of the workspace with '..'`,
      'give a path inside the workspace, without ..'
    )
  }
  if (segments.some(isGit)) throw underGit(input, pattern)
}

/** The workspace's real path: every local file must resolve to a path under it. */
export async function workspaceRoot(workspace: string): Promise<string> {
  try {
    return await realpath(workspace)
  } catch (error) {
    throw new UserError(
      'RUNNER_ENV',
      `The workspace ${quote(workspace)} (GITHUB_WORKSPACE) cannot be resolved`,
      'check out the repository or set GITHUB_WORKSPACE to an existing directory',
      { cause: error }
    )
  }
}

/**
 * Confines one local path (absolute, under `cwd`): it must resolve, symlinks followed, to a regular
 * file inside `root` (the workspace's real path), and neither the path nor its target may pass
 * through .git. Returns the real path, so that what is read later is what was checked here.
 */
export async function confine(
  input: string,
  root: string,
  cwd: string,
  path: string
): Promise<{ real: string; size: number }> {
  const shown = relative(cwd, path) || path
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    throw workspaceError(
      input,
      `${quote(shown)} does not exist or is a broken symlink`,
      'check the path and that the build wrote the file',
      { cause: error }
    )
  }
  const inside = relative(root, real)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw workspaceError(
      input,
      `${quote(shown)} resolves to ${quote(real)}, outside the workspace`,
      'copy the file into the workspace instead of linking to it'
    )
  }
  if (shown.split(sep).some(isGit) || inside.split(sep).some(isGit)) throw underGit(input, shown)
  const info = await stat(real)
  if (!info.isFile()) {
    throw workspaceError(
      input,
      `${quote(shown)} is not a regular file`,
      info.isDirectory()
        ? `name the files in it with a glob, e.g. ${quote(`${shown}/*`)}`
        : 'give regular files only'
    )
  }
  return { real, size: info.size }
}

/**
 * A pattern without glob syntax that names a directory (or a device, a pipe, a broken link) would
 * silently match nothing: refuse it, with the glob that names the files in a directory.
 */
export async function refuseNonFile(input: string, cwd: string, pattern: string): Promise<void> {
  const path = resolve(cwd, pattern)
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    // A link to nothing: the glob would skip it, and the user would wonder why.
    const link = await lstat(path).catch(() => undefined)
    if (link?.isSymbolicLink())
      throw workspaceError(
        input,
        `${quote(pattern)} is a broken symlink`,
        'link to a file that exists'
      )
    return
  }
  if (info.isFile()) return
  if (!info.isDirectory())
    throw workspaceError(
      input,
      `${quote(pattern)} is not a regular file`,
      'give regular files only'
    )
  const dir = pattern.replace(/[\\/]+$/, '')
  throw workspaceError(
    input,
    `${quote(pattern)} is a directory`,
    `name the files in it with a glob, e.g. ${quote(dir === '.' ? '*' : `${dir}/*`)}`
  )
}

function underGit(input: string, path: string): UserError {
  return workspaceError(
    input,
    `${quote(path)} is under .git, which holds the checkout's credentials`,
    'upload build outputs only; never anything from .git'
  )
}

/** Case-insensitive, as on the file systems of macOS and Windows runners. */
function isGit(segment: string): boolean {
  return segment.toLowerCase() === '.git'
}
