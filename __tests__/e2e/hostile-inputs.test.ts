/**
 * Bad and hostile input, end to end: every case runs the action (`node dist/index.js`) against the
 * sandbox, in a workspace that holds what a runner's checkout holds (a token in .git/config,
 * dotfiles, a build directory, links that lead out), and must be refused with its code, an error
 * that names the input, and nothing written: the release is as it was, no certificate was asked for,
 * and no secret from the workspace is printed.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { HOSTILE_INPUT_CASES as CASES } from '../tables/hostile-inputs.js'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { fulcioCalls, startTestSandbox, writes } from '../helpers/sandbox.js'

/**
 * Printed nowhere, ever: each sits in a file some case points at. A file that is not JSON starts with
 * its secret, since JSON.parse's own message would quote the first ten characters.
 */
const SECRETS = {
  gitConfig: 'ghs_gitConfigToken0001',
  outside: 'outside-secret-0002',
  dotenv: 'dotenv-secret-0003',
  notJson: 'sbomSecret'
}

/** The workspace, relative to its root. Links point at paths relative to the link. */
const WORKSPACE: Record<string, string | { link: string }> = {
  '.git/config': `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${SECRETS.gitConfig}\n`,
  '.env': `TOKEN=${SECRETS.dotenv}\n`,
  'dist/app.bin': 'app',
  'dist/.hidden': 'hidden',
  'dist/escape.bin': { link: '../../outside/secret' },
  'linked-out': { link: '../outside' },
  'bom-out.json': { link: '../outside/bom.json' },
  'secret.json': `${SECRETS.notJson}=4\n`,
  'not-a-bom.json': '{"hello": "world"}',
  'null.json': 'null'
}

/** Beside the workspace, reachable only by leaving it. */
const OUTSIDE: Record<string, string> = {
  secret: SECRETS.outside,
  'bom.json': '{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}'
}

/**
 * Trust files for `sigstore: custom`, in a directory of their own (`{trust}` in the inputs).
 * `{root}` stands for the sandbox's trusted root, parsed.
 */
const TRUST: Record<string, string | ((root: Record<string, unknown>) => string)> = {
  'null.json': 'null',
  'array.json': '[]',
  'not-json.json': `${SECRETS.notJson}=5`,
  'no-ca-root.json': (root) => JSON.stringify({ ...root, certificateAuthorities: [] })
}

let sandbox: Sandbox
let gh: GitHubHelper
let workspace: string
let trust: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  const top = await mkdtemp(join(tmpdir(), 'hostile-'))
  workspace = join(top, 'ws')
  trust = join(top, 'trust')
  await put(join(top, 'outside'), OUTSIDE)
  await put(workspace, WORKSPACE)
  const root = JSON.parse(await readFile(sandbox.state.sigstore.trustedRootPath, 'utf8')) as Record<
    string,
    unknown
  >
  await put(
    trust,
    Object.fromEntries(
      Object.entries(TRUST).map(([name, content]) => [
        name,
        typeof content === 'string' ? content : content(root)
      ])
    )
  )
})
afterAll(async () => {
  await sandbox.close()
})

async function put(dir: string, files: Record<string, string | { link: string }>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name)
    await mkdir(dirname(path), { recursive: true })
    if (typeof content === 'string') await writeFile(path, content)
    else await symlink(content.link, path)
  }
}

let tagCount = 0

describe('hostile inputs are refused before anything is written', () => {
  it.each(CASES)('$name: $code', async (c) => {
    const { inputs, input, code } = c
    const release = await gh.createRelease(`v9.${++tagCount}.0`)
    await gh.upload(release, 'app.tar.gz', 'the user asset')
    const before = await gh.assets(release.id)
    sandbox.clearRequests()
    const run = await runAction(
      sandbox,
      Object.fromEntries(
        Object.entries({ 'release-id': String(release.id), ...inputs }).map(([k, v]) => [
          k,
          v.replace('{trust}', trust)
        ])
      ),
      { GITHUB_WORKSPACE: workspace }
    )
    expect(run.code).not.toBe(0)
    expect(codeOf(run)).toBe(code)
    expect(errorsOf(run)).toContain(`'${input}'`)
    expect(writes(sandbox)).toBe(0)
    // Refused before the first remote call, unless the check itself needs GitHub's answer.
    if (!c.needsGitHub) expect(sandbox.requests()).toEqual([])
    expect(fulcioCalls(sandbox)).toBe(0)
    expect(await gh.assets(release.id)).toEqual(before)
    expect((await gh.release(release.id)).draft).toBe(true)
    for (const secret of Object.values(SECRETS)) {
      expect(run.stdout).not.toContain(secret)
      expect(run.stderr).not.toContain(secret)
    }
  })

  it('takes a dotfile when the pattern names it, and only a directory its glob names', async () => {
    // The workspace above is not hostile to a pattern that stays inside it.
    const release = await gh.createRelease(`v9.${++tagCount}.0`)
    const run = await runAction(
      sandbox,
      { 'release-id': String(release.id), files: 'dist/app.bin\ndist/.hidden', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: workspace }
    )
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain('app.bin: sha256')
    expect(run.stdout).toContain('default.hidden: sha256')
  })
})
