/**
 * What the runner hands the action can be hostile too: a broken event payload, tokens GitHub or the
 * token service refuse, a repository that is not owner/repo, a file name that tries to inject a
 * workflow command into the log. Each ends in one clear error line (or completes), with no stack
 * trace, nothing written, and no line the runner would read as a command it did not mean.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { startTestSandbox, writes } from '../helpers/sandbox.js'
import { HOSTILE_SITUATIONS } from '../tables/hostile-situations.js'

let sandbox: Sandbox
let gh: GitHubHelper
let dir: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  dir = await mkdtemp(join(tmpdir(), 'hostile-situations-'))
})
afterAll(async () => {
  await sandbox.close()
})

/** How each case changes a normal run: inputs and environment variables over the sandbox's. */
async function arrange(
  name: string
): Promise<{ inputs: Record<string, string>; env: Record<string, string | undefined> }> {
  const file = async (base: string, content: string): Promise<string> => {
    const path = join(dir, base)
    await writeFile(path, content)
    return path
  }
  switch (name) {
    case 'event payload that is not JSON':
      return {
        inputs: {},
        env: { GITHUB_EVENT_PATH: await file('text.json', 'ghs_secretish = 1') }
      }
    case 'event payload that is a JSON array':
      return { inputs: {}, env: { GITHUB_EVENT_PATH: await file('array.json', '[]') } }
    case 'GITHUB_REPOSITORY that is not owner/repo':
      return { inputs: {}, env: { GITHUB_REPOSITORY: 'octo-org' } }
    case 'a proxy setting Node cannot use, with a password in it':
      return { inputs: {}, env: { HTTPS_PROXY: 'http://user:ghs_secretish@[bad' } }
    case 'a token GitHub does not know':
      return { inputs: { 'github-token': 'ghs_unknown' }, env: {} }
    case 'the job lacks id-token: write':
      return { inputs: {}, env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined } }
    case "the runner's OIDC request token is refused":
      return { inputs: {}, env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runner-token' } }
    case 'a release id that does not exist':
      return { inputs: { 'release-id': '424242' }, env: {} }
    case 'a local file whose name carries a newline and a workflow command': {
      const workspace = await mkdtemp(join(tmpdir(), 'workspace-'))
      await writeFile(join(workspace, 'evil\n::error::pwned.bin'), 'evil')
      return { inputs: { files: 'evil*' }, env: { GITHUB_WORKSPACE: workspace } }
    }
  }
  throw new Error(`no arrangement for ${name}`)
}

it.each(HOSTILE_SITUATIONS)('$name: $outcome', async ({ name, outcome }) => {
  const release = await gh.createRelease(
    `v6.${HOSTILE_SITUATIONS.findIndex((s) => s.name === name)}.0`
  )
  await gh.upload(release, 'app.bin', 'app')
  const { inputs, env } = await arrange(name)
  sandbox.clearRequests()
  const run = await runAction(sandbox, { 'release-id': String(release.id), ...inputs }, env)
  // Never a stack trace outside debug, never a command line the action did not mean to write.
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  expect(run.stdout).not.toMatch(/^::error::pwned/m)
  if (outcome === 'completes') {
    expect(errorsOf(run)).toBe('')
    expect(run.code).toBe(0)
    return
  }
  expect(codeOf(run)).toBe(outcome)
  expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1)
  expect(writes(sandbox)).toBe(0)
  expect(run.stdout).not.toContain('ghs_secretish')
})
