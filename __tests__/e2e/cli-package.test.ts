/**
 * The verify CLI as a downloader gets it: `npm pack dist/cli`, installed from the tarball into an
 * empty directory (no dependency to fetch), then `sign-release verify` and `verify-bundle` run from
 * there against a release the action signed in the sandbox.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { startTestSandbox } from '../helpers/sandbox.js'
import { expectedSan } from '../helpers/verify.js'

const exec = promisify(execFile)
const TAG = 'v7.0.0'

let sandbox: Sandbox
let work: string
let installed: string
let releaseId: number

interface Packed {
  filename: string
  files: { path: string }[]
}

beforeAll(async () => {
  sandbox = await startTestSandbox()
  const gh = new GitHubHelper(sandbox)
  const release = await gh.createRelease(TAG)
  releaseId = release.id
  await gh.upload(release, 'app.bin', 'the app')
  const action = await runAction(sandbox, {
    'release-id': String(release.id),
    provenance: 'true',
    checksums: 'SHA256SUMS'
  })
  expect(errorsOf(action)).toBe('')
  work = await mkdtemp(join(tmpdir(), 'cli-package-'))
  installed = join(work, 'empty')
})
afterAll(async () => {
  await sandbox.close()
  await rm(work, { recursive: true, force: true })
})

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: { ...process.env, npm_config_update_notifier: 'false' }
  })
  return stdout
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_API_URL: sandbox.state.github.apiUrl,
    GITHUB_TOKEN: sandbox.state.github.token
  }
  try {
    const bin = join(installed, 'node_modules', '.bin', 'sign-release')
    const { stdout, stderr } = await exec(bin, args, { env })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

it('packs into a tarball of the bundle alone, installs into an empty directory and verifies a release', async () => {
  const [packed] = JSON.parse(
    await npm(['pack', resolve('dist/cli'), '--json', '--pack-destination', work], work)
  ) as Packed[]
  expect(packed?.files.map((f) => f.path).sort()).toEqual([
    'LICENSE',
    'README.md',
    'index.js',
    'licenses.txt',
    'package.json'
  ])
  const manifest = JSON.parse(await readFile(resolve('dist/cli/package.json'), 'utf8')) as {
    name: string
    bin: Record<string, string>
    dependencies?: unknown
    private?: unknown
  }
  expect(manifest.name).toBe('sign-release')
  expect(manifest.private).toBeUndefined()
  expect(manifest.dependencies).toBeUndefined()

  await mkdir(installed)
  await npm(
    ['install', '--no-save', '--no-package-lock', join(work, packed?.filename ?? '')],
    installed
  )

  const verify = await cli([
    'verify',
    '--repo',
    sandbox.state.context.repository,
    '--tag',
    TAG,
    '--ref',
    sandbox.state.context.ref,
    '--trusted-root',
    sandbox.state.sigstore.trustedRootPath,
    '--certificate-oidc-issuer',
    sandbox.state.oidc.issuer
  ])
  expect(verify.stderr).toBe('')
  expect(verify.stdout).toMatch(/app\.bin\s+ok\s+ok\s+ok\s+-\s+verified/)
  expect(verify.stdout).toContain('The file verifies.')
  expect(verify.code).toBe(0)

  const gh = new GitHubHelper(sandbox)
  const assets = await gh.assets(releaseId)
  const bundle = assets.find((a) => a.name === 'app.bin.sigstore.json')
  const app = assets.find((a) => a.name === 'app.bin')
  if (!bundle || !app?.digest) throw new Error('the release lacks app.bin or its bundle')
  const bundlePath = join(work, 'app.bin.sigstore.json')
  await writeFile(bundlePath, await gh.download(bundle))
  const one = await cli([
    'verify-bundle',
    '--bundle',
    bundlePath,
    '--certificate-identity',
    expectedSan(sandbox),
    '--certificate-oidc-issuer',
    sandbox.state.oidc.issuer,
    '--trusted-root',
    sandbox.state.sigstore.trustedRootPath,
    app.digest
  ])
  expect(one.stderr).toBe('')
  expect(one.code).toBe(0)
})
