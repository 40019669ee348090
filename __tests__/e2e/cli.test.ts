/**
 * `sign-release verify-bundle`, run as users run it (`node dist/cli/index.js`), on what the action
 * put on a sandbox release: accepts the right identity, rejects everything else with exit 1, and
 * reports input errors with exit 2.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { startTestSandbox } from '../helpers/sandbox.js'
import { GitHubHelper, type AssetJson } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { expectedSan, sha256, unwrapped } from '../helpers/verify.js'
import { runVerifyAction, verifyActionYml } from '../helpers/verify-action.js'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { productionTrustedRoot } from '../../src/verify/trust.js'

const run = promisify(execFile)
const TAG = 'v9.0.0'
const CLI = resolve('dist/cli/index.js')

let sandbox: Sandbox
let dir: string
let releaseDir: string
let san: string
let issuer: string
let root: string

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, ...args)
}

async function cliWith(
  extra: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...extra }
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
  sandbox = await startTestSandbox()
  const gh = new GitHubHelper(sandbox)
  const release = await gh.createRelease(TAG)
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
  // Exactly what the release holds, untouched by the tests that add scratch files to `dir`.
  releaseDir = await mkdtemp(join(tmpdir(), 'release-'))
  await cp(dir, releaseDir, { recursive: true })
  san = expectedSan(sandbox)
  issuer = sandbox.state.oidc.issuer
  root = sandbox.state.sigstore.trustedRootPath
})
afterAll(async () => {
  await sandbox.close()
  await Promise.all([dir, releaseDir].map((d) => rm(d, { recursive: true, force: true })))
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

describe('sign-release verify', () => {
  const releaseArgs = (): string[] => [
    '--repo',
    sandbox.state.context.repository,
    '--tag',
    TAG,
    '--ref',
    sandbox.state.context.ref,
    '--trusted-root',
    root,
    '--certificate-oidc-issuer',
    issuer
  ]

  it('verifies every file of a downloaded release: signature, provenance and checksums', async () => {
    const result = await cli('verify', ...releaseArgs(), '--dir', releaseDir)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/app\.bin\s+ok\s+ok\s+ok\s+-\s+verified/)
    expect(result.stdout).toMatch(/other\.bin\s+ok\s+ok\s+ok\s+-\s+verified/)
    expect(result.stdout).toContain('All 2 files verify.')
  })

  it('takes trusted roots as JSON Lines, as `gh attestation trusted-root` prints them', async () => {
    // Public-good's root first, the sandbox's second: the release verifies only if both count.
    const jsonl = join(dir, 'roots.jsonl')
    await writeFile(
      jsonl,
      `${JSON.stringify(TrustedRoot.toJSON(productionTrustedRoot()))}\n${JSON.stringify(JSON.parse(readFileSync(root, 'utf8')))}\n`
    )
    const args = releaseArgs()
    args[args.indexOf('--trusted-root') + 1] = jsonl
    const result = await cli('verify', ...args, '--dir', releaseDir)
    expect(result.stdout).toContain('All 2 files verify.')
    expect(result.code).toBe(0)
    await writeFile(jsonl, '{"mediaType": "x"}\nnot json\n')
    const broken = await cli('verify', ...args, '--dir', releaseDir)
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('line 2')
  })

  it('reads the release from GitHub when no directory is given, and answers in JSON', async () => {
    const env = {
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    }
    const result = await cliWith(env, 'verify', ...releaseArgs(), '--json')
    expect(result.code).toBe(0)
    const verdict = JSON.parse(result.stdout) as {
      ok: boolean
      assets: { name: string; ok: boolean }[]
    }
    expect(verdict.ok).toBe(true)
    expect(verdict.assets.map((a) => a.name)).toEqual(['app.bin', 'other.bin'])
  })

  it('fails with a clear table when one asset is swapped, or is not signed, or the signer is another workflow', async () => {
    const swapped = await mkdtemp(join(tmpdir(), 'swapped-'))
    await cp(releaseDir, swapped, { recursive: true })
    await writeFile(join(swapped, 'app.bin'), 'a trojan')
    await writeFile(join(swapped, 'extra.bin'), 'unsigned')
    const result = await cli('verify', ...releaseArgs(), '--dir', swapped)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/app\.bin\s+FAILED\s+FAILED\s+FAILED\s+-\s+NOT VERIFIED/)
    expect(result.stdout).toMatch(/extra\.bin\s+-\s+FAILED\s+FAILED\s+-\s+NOT VERIFIED/)
    expect(result.stdout).toMatch(/other\.bin\s+ok\s+ok\s+ok\s+-\s+verified/)
    expect(result.stdout).toContain('The release does NOT verify.')

    const other = await cli(
      'verify',
      ...releaseArgs(),
      '--dir',
      dir,
      '--signer-workflow',
      `${sandbox.state.context.repository}/.github/workflows/other.yml`
    )
    expect(other.code).toBe(1)
    expect(other.stdout).toContain('certificate identity error')
  })

  it('reports a missing release, directory or argument with exit 2', async () => {
    const env = {
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    }
    const missing = await cliWith(
      env,
      'verify',
      '--repo',
      sandbox.state.context.repository,
      '--tag',
      'v404',
      '--trusted-root',
      root
    )
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("no release with tag 'v404'")
    expect((await cli('verify', ...releaseArgs(), '--dir', join(releaseDir, 'nope'))).code).toBe(2)
    expect((await cli('verify', '--tag', TAG)).stderr).toContain(
      '--repo OWNER/REPO and --tag TAG are required'
    )
    expect(
      (
        await cli(
          'verify',
          ...releaseArgs(),
          '--dir',
          releaseDir,
          '--signer-workflow',
          'not-a-workflow'
        )
      ).stderr
    ).toContain('expected OWNER/REPO/.github/workflows/FILE')
    const unreachable = await cliWith(
      { GITHUB_API_URL: 'http://127.0.0.1:9' },
      'verify',
      ...releaseArgs()
    )
    expect(unreachable.code).toBe(2)
    expect(unreachable.stderr).toContain('cannot read the release')
  })
})

describe("an instance without a transparency log (as GitHub's own)", () => {
  it('signs with timestamps alone; the summary and sign-release verify take that into account', async () => {
    const config = JSON.parse(readFileSync(sandbox.state.sigstore.signingConfigPath, 'utf8')) as {
      rekorTlogUrls: unknown[]
    }
    config.rekorTlogUrls = []
    const trusted = JSON.parse(readFileSync(root, 'utf8')) as { tlogs: unknown[] }
    trusted.tlogs = []
    const noLogConfig = join(dir, 'no-log-signing-config.json')
    const noLogRoot = join(dir, 'no-log-trusted-root.json')
    await writeFile(noLogConfig, JSON.stringify(config))
    await writeFile(noLogRoot, JSON.stringify(trusted))
    const gh = new GitHubHelper(sandbox)
    const tag = 'v9.1.0'
    const release = await gh.createRelease(tag)
    await gh.upload(release, 'timestamped.bin', 'no log here')
    const action = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'SHA256SUMS',
      'signing-config': noLogConfig,
      'trusted-root': noLogRoot
    })
    expect(errorsOf(action)).toBe('')
    const assets = await gh.assets(release.id)
    const bundleAsset = assets.find((a) => a.name === 'timestamped.bin.sigstore.json')
    const bundle = JSON.parse((await gh.download(bundleAsset as AssetJson)).toString()) as {
      verificationMaterial: {
        tlogEntries?: unknown[]
        timestampVerificationData: { rfc3161Timestamps: unknown[] }
      }
    }
    expect(bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0)
    expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    // cosign must be told; sigstore-python and cosign v2 need a log entry, so they are not offered.
    expect(action.summary).toContain('keeps no transparency log')
    expect(unwrapped(action.summary)).toContain('--use-signed-timestamps --insecure-ignore-tlog')
    expect(action.summary).not.toContain('python -m sigstore')
    expect(action.summary).not.toContain('--signature')

    const env = {
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    }
    const args = (trustedRoot: string): string[] => [
      'verify',
      '--repo',
      sandbox.state.context.repository,
      '--tag',
      tag,
      '--ref',
      sandbox.state.context.ref,
      '--trusted-root',
      trustedRoot,
      '--certificate-oidc-issuer',
      issuer
    ]
    const timestamped = await cliWith(env, ...args(noLogRoot))
    expect(timestamped.stdout).toContain('The file verifies.')
    expect(timestamped.code).toBe(0)
    // A trusted root that lists a log makes a bundle without a log entry fail.
    const strict = await cliWith(env, ...args(root))
    expect(strict.code).toBe(1)
  })
})

describe("public-good's and GitHub's roots in one JSON Lines file (gh attestation trusted-root)", () => {
  it('verifies each release against the root whose authority issued its certificates', async () => {
    const gh = new GitHubHelper(sandbox)
    const tag = 'v9.2.0'
    const release = await gh.createRelease(tag)
    await gh.upload(release, 'private.bin', 'signed on GitHub')
    // Provenance off: on GitHub's instance it names GitHub's OIDC issuer, which the sandbox is not.
    const action = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'false',
      checksums: 'SHA256SUMS',
      sigstore: 'github',
      'signing-config': '',
      'trusted-root': '',
      'tuf-mirror': sandbox.state.tuf.github.mirror,
      'tuf-root': sandbox.state.tuf.github.rootPath
    })
    expect(errorsOf(action)).toBe('')
    // The public-good-like root lists a CT log and a transparency log; GitHub's lists neither.
    const roots = join(dir, 'two-roots.jsonl')
    await writeFile(
      roots,
      `${JSON.stringify(JSON.parse(readFileSync(root, 'utf8')))}\n${JSON.stringify(sandbox.sigstore.githubTrustedRoot())}\n`
    )
    const env = {
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    }
    const verify = (releaseTag: string): Promise<{ code: number; stdout: string }> =>
      cliWith(
        env,
        'verify',
        '--repo',
        sandbox.state.context.repository,
        '--tag',
        releaseTag,
        '--ref',
        sandbox.state.context.ref,
        '--trusted-root',
        roots,
        '--certificate-oidc-issuer',
        issuer
      )
    const onGitHub = await verify(tag)
    expect(onGitHub.stdout).toMatch(/private\.bin\s+ok\s+-\s+ok\s+-\s+verified/)
    expect(onGitHub.code).toBe(0)
    const onPublicGood = await verify(TAG)
    expect(onPublicGood.stdout).toContain('All 2 files verify.')
    expect(onPublicGood.code).toBe(0)
  })
})

describe('the verify sub-action (verify/action.yml)', () => {
  it('passes inputs to its script only through env', () => {
    const { action, step } = verifyActionYml()
    expect(action.runs.using).toBe('composite')
    expect(step.run).not.toContain('${{')
    expect(
      Object.values(step.env ?? {}).every((v) => /^\$\{\{ inputs\.[a-z-]+ \}\}$/.test(v))
    ).toBe(true)
  })

  it("runs the script as the runner would, with the inputs' values, and writes the report output", async () => {
    const { stdout, output } = await runVerifyAction({
      repository: sandbox.state.context.repository,
      tag: TAG,
      ref: sandbox.state.context.ref,
      directory: releaseDir,
      'trusted-root': root,
      'certificate-oidc-issuer': issuer
    })
    expect(stdout).toContain('ok            app.bin')
    expect(output).toMatch(/^report<<report_\d+\n\{/)
    expect(output).toContain('"ok": true')
  })
})
