/** Workspaces on a real disk for the local-file inputs (`files`, `sbom`). */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A checkout as a runner leaves it: .git/config with the job's token, dotfiles, a build directory,
 * links to a file and a directory outside the workspace, a link to .git, a named pipe.
 */
export async function hostileWorkspace(): Promise<{ workspace: string; outside: string }> {
  const top = await mkdtemp(join(tmpdir(), 'confine-'))
  const workspace = join(top, 'ws')
  const outside = join(top, 'outside')
  await mkdir(join(workspace, '.git'), { recursive: true })
  await mkdir(join(workspace, 'dist', 'sub'), { recursive: true })
  await mkdir(join(workspace, 'sub', '.git'), { recursive: true })
  await mkdir(join(workspace, 'clean', '.cache'), { recursive: true })
  await writeFile(join(workspace, 'clean', 'a.bin'), 'a')
  await writeFile(join(workspace, 'clean', '.dot.bin'), 'dot')
  await writeFile(join(workspace, 'clean', '.cache', 'c.bin'), 'cache')
  await mkdir(outside)
  await writeFile(join(workspace, '.git', 'config'), '[http] extraheader = AUTHORIZATION: x')
  await writeFile(join(workspace, 'sub', '.git', 'HEAD'), 'ref: refs/heads/main')
  await writeFile(join(workspace, '.env'), 'SECRET=1')
  await writeFile(join(workspace, 'dist', 'app.bin'), 'app')
  await writeFile(join(workspace, 'dist', '.hidden'), 'hidden')
  await writeFile(join(workspace, 'dist', 'sub', 'deep.bin'), 'deep')
  await writeFile(join(outside, 'secret'), 'outside')
  await symlink(join(outside, 'secret'), join(workspace, 'dist', 'escape.bin'))
  await symlink(outside, join(workspace, 'linked'))
  await symlink(join(workspace, '.git', 'config'), join(workspace, 'dist', 'config.bin'))
  await symlink(join(workspace, 'dist', 'app.bin'), join(workspace, 'latest.bin'))
  await symlink(join(workspace, 'missing'), join(workspace, 'broken.bin'))
  execFileSync('mkfifo', [join(workspace, 'pipe')])
  return { workspace, outside }
}
