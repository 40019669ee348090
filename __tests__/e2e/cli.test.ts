/**
 * `sign-release verify-bundle`, run as users run it (`node dist/cli/index.js`), on what the action
 * put on a sandbox release: accepts the right identity, rejects everything else with exit 1, and
 * reports input errors with exit 2.
 */
import { execFile } from 'node:child_process'
import { writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { expectedSan, sha256 } from '../helpers/verify.js'

const run = promisify(execFile)
const CLI = resolve('dist/cli/index.js')

let sandbox: Sandbox
let dir: string
let san: string
let issuer: string
let root: string

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' }
  if (process.env.SIGN_RELEASE_CHILD_COVERAGE)
    env.NODE_V8_COVERAGE = process.env.SIGN_RELEASE_CHILD_COVERAGE
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  // Many runs against one repository: GitHub's secondary limits would pace them (tested on their own).
  sandbox = await startSandbox({
    secondaryLimits: { perMinute: 100000, perHour: 100000 },
    primaryLimit: 100000
  })
  const gh = new GitHubHelper(sandbox)
  const release = await gh.createRelease('v9.0.0')
  await gh.upload(release, 'app.bin', 'the app')
  await gh.upload(release, 'other.bin', 'another')
  const action = await runAction(sandbox, {
    'release-id': String(release.id),
    provenance: 'true',
    checksums: 'SHA256SUMS'
  })
  expect(errorsOf(action)).toBe('')
  dir = await mkdtemp(join(tmpdir(), 'cli-'))
  for (const asset of await gh.assets(release.id))
    await writeFile(join(dir, asset.name), await gh.download(asset))
  san = expectedSan(sandbox)
  issuer = sandbox.state.oidc.issuer
  root = sandbox.state.sigstore.trustedRootPath
})
afterAll(async () => {
  await sandbox.close()
})

const identity = (): string[] => [
  '--certificate-identity',
  san,
  '--certificate-oidc-issuer',
  issuer,
  '--trusted-root',
  root
]

describe('sign-release verify-bundle', () => {
  it('verifies an asset, by its bytes or its digest, and the provenance for it', async () => {
    const byFile = await cli(
      'verify-bundle',
      '--bundle',
      join(dir, 'app.bin.sigstore.json'),
      ...identity(),
      join(dir, 'app.bin')
    )
    expect(byFile).toMatchObject({ code: 0 })
    expect(byFile.stdout).toContain('verifies')
    const digest = `sha256:${sha256(Buffer.from('the app'))}`
    expect(
      (
        await cli(
          'verify-bundle',
          '--bundle',
          join(dir, 'app.bin.sigstore.json'),
          ...identity(),
          digest
        )
      ).code
    ).toBe(0)
    expect(
      (
        await cli(
          'verify-bundle',
          '--bundle',
          join(dir, 'multiple.intoto.jsonl'),
          ...identity(),
          join(dir, 'app.bin')
        )
      ).code
    ).toBe(0)
  })

  it('rejects a changed file, another asset, a wrong identity or issuer, and a statement without the file (exit 1)', async () => {
    const tampered = join(dir, 'tampered.bin')
    await writeFile(tampered, 'the app!')
    const cases = [
      ['--bundle', join(dir, 'app.bin.sigstore.json'), ...identity(), tampered],
      ['--bundle', join(dir, 'other.bin.sigstore.json'), ...identity(), join(dir, 'app.bin')],
      [
        '--bundle',
        join(dir, 'app.bin.sigstore.json'),
        '--certificate-identity',
        `${san}x`,
        '--certificate-oidc-issuer',
        issuer,
        '--trusted-root',
        root,
        join(dir, 'app.bin')
      ],
      [
        '--bundle',
        join(dir, 'app.bin.sigstore.json'),
        '--certificate-identity',
        san,
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        '--trusted-root',
        root,
        join(dir, 'app.bin')
      ],
      ['--bundle', join(dir, 'multiple.intoto.jsonl'), ...identity(), tampered],
      // The production root does not trust the sandbox's CA.
      [
        '--bundle',
        join(dir, 'app.bin.sigstore.json'),
        '--certificate-identity',
        san,
        '--certificate-oidc-issuer',
        issuer,
        join(dir, 'app.bin')
      ]
    ]
    for (const args of cases) {
      const result = await cli('verify-bundle', ...args)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('verification failed')
    }
  })

  it('reports usage and input errors in one line with exit 2', async () => {
    const notJson = join(dir, 'not.json')
    await writeFile(notJson, '{oops')
    const notBundle = join(dir, 'not-bundle.json')
    await writeFile(
      notBundle,
      JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v9+json' })
    )
    const cases: [string[], string][] = [
      [['verify-bundle', ...identity(), join(dir, 'app.bin')], '--bundle is required'],
      [
        ['verify-bundle', '--bundle', join(dir, 'app.bin.sigstore.json'), ...identity()],
        'give the artifact'
      ],
      [
        ['verify-bundle', '--bundle', join(dir, 'app.bin.sigstore.json'), join(dir, 'app.bin')],
        '--certificate-identity'
      ],
      [
        [
          'verify-bundle',
          '--bundle',
          join(dir, 'missing.json'),
          ...identity(),
          join(dir, 'app.bin')
        ],
        'cannot read the bundle'
      ],
      [['verify-bundle', '--bundle', notJson, ...identity(), join(dir, 'app.bin')], 'is not JSON'],
      [
        ['verify-bundle', '--bundle', notBundle, ...identity(), join(dir, 'app.bin')],
        'is not a Sigstore bundle'
      ],
      [
        [
          'verify-bundle',
          '--bundle',
          join(dir, 'app.bin.sigstore.json'),
          ...identity(),
          join(dir, 'missing.bin')
        ],
        'cannot read the artifact'
      ],
      [['verify-bundle', '--nope'], "Unknown option '--nope'"],
      [['frobnicate'], "unknown command 'frobnicate'"],
      [[], 'Usage:']
    ]
    for (const [args, message] of cases) {
      const result = await cli(...args)
      expect(result.code).toBe(2)
      expect(result.stderr + result.stdout).toContain(message)
    }
    expect((await cli('--help')).code).toBe(0)
  })
})
