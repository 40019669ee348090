/**
 * `publish: true` checks what downloaders get once the release is public: every signed file is
 * fetched again through its public URL (no token) and verified against its bundle, and on an
 * immutable release GitHub's own release attestation (signed on the sandbox's GitHub-like
 * instance when the release is published) must verify and list exactly the signed files.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { codeOf, errorsOf, runAction, sandboxInputs } from '../../sandbox/runner.js'
import { GitHubHelper, type ReleaseJson } from '../../sandbox/releases-client.js'
import { startTestSandbox } from '../helpers/sandbox.js'

let sandbox: Sandbox
let gh: GitHubHelper
let repository: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  repository = sandbox.state.context.repository
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(() => {
  sandbox.github.repo(repository).immutableReleases = false
  sandbox.faults.clear()
  sandbox.clearRequests()
})

/** GitHub's instance through its TUF repository: it also signs GitHub's release attestations. */
function githubInputs(): Record<string, string> {
  return {
    sigstore: 'github',
    'signing-config': '',
    'trusted-root': '',
    'tuf-mirror': sandbox.state.tuf.github.mirror,
    'tuf-root': sandbox.state.tuf.github.rootPath
  }
}

let tagCount = 0
async function draftWith(files: Record<string, string>): Promise<ReleaseJson> {
  const release = await gh.createRelease(`v9.${++tagCount}.0`)
  for (const [name, content] of Object.entries(files)) await gh.upload(release, name, content)
  return release
}

/** Public downloads of release files (the web host's download route, which takes no token). */
function publicDownloads(): string[] {
  return sandbox
    .requests()
    .filter((r) => r.service === 'web' && r.path.includes('/releases/download/'))
    .map((r) => decodeURIComponent(r.path.slice(r.path.lastIndexOf('/') + 1)))
}

/** The action publishing a release on the GitHub-like instance, as these tests run it. */
function publishWith(
  release: { id: number },
  inputs: Record<string, string> = {}
): ReturnType<typeof runAction> {
  return runAction(sandbox, {
    ...sandboxInputs(sandbox),
    ...githubInputs(),
    'release-id': String(release.id),
    ...inputs,
    publish: 'true'
  })
}

describe('after publishing', () => {
  it("downloads every signed file publicly and verifies GitHub's release attestation of an immutable release", async () => {
    sandbox.github.repo(repository).immutableReleases = true
    const release = await draftWith({ 'app.tar.gz': 'app build', 'lib.zip': 'lib build' })
    sandbox.clearRequests()
    const run = await publishWith(release)
    expect(errorsOf(run)).toBe('')
    expect(run.outputs.published).toBe('true')
    expect(run.outputs['downloads-verified']).toBe('true')
    expect(run.outputs['release-attestation']).toBe('verified')
    expect(publicDownloads()).toEqual(
      expect.arrayContaining([
        'app.tar.gz',
        'app.tar.gz.sigstore.json',
        'lib.zip',
        'lib.zip.sigstore.json'
      ])
    )
    expect(run.summary).toContain('downloaded through its public URL without a token')
    expect(run.summary).toContain(
      "GitHub's release attestation verifies and lists exactly the signed files"
    )

    // sign-release verify shows it too, with both instances' roots as gh prints them.
    const roots = join(await mkdtemp(join(tmpdir(), 'roots-')), 'roots.jsonl')
    const publicGood = await readFile(sandbox.state.sigstore.trustedRootPath, 'utf8')
    await writeFile(
      roots,
      `${JSON.stringify(JSON.parse(publicGood))}\n${JSON.stringify(sandbox.sigstore.githubTrustedRoot())}\n`
    )
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        resolve('dist/cli/index.js'),
        'verify',
        '--repo',
        repository,
        '--tag',
        release.tag_name,
        '--ref',
        sandbox.state.context.ref,
        '--trusted-root',
        roots,
        '--certificate-oidc-issuer',
        sandbox.state.oidc.issuer
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          GITHUB_API_URL: sandbox.state.github.apiUrl,
          GITHUB_TOKEN: sandbox.state.github.token
        }
      }
    )
    expect(stdout).toContain("GitHub's release attestation: verified")
    expect(stdout).toContain('All 2 files verify.')
  })

  it('says a mutable release has no release attestation, and still checks the downloads', async () => {
    const release = await draftWith({ 'tool.bin': 'tool build' })
    const run = await runAction(sandbox, {
      ...sandboxInputs(sandbox),
      'release-id': String(release.id),
      publish: 'true'
    })
    expect(errorsOf(run)).toBe('')
    expect(run.outputs['downloads-verified']).toBe('true')
    expect(run.outputs['release-attestation']).toBe('not-immutable')
    expect(run.summary).toContain('GitHub signs no release attestation for it')
  })

  it('leaves the outputs empty without publish: true', async () => {
    const release = await draftWith({ 'draft.bin': 'draft build' })
    const run = await runAction(sandbox, {
      ...sandboxInputs(sandbox),
      'release-id': String(release.id)
    })
    expect(errorsOf(run)).toBe('')
    expect(run.outputs['downloads-verified']).toBe('')
    expect(run.outputs['release-attestation']).toBe('')
    expect(publicDownloads()).toEqual([])
  })

  it('reports a public download that fails with one error line, and a re-run then succeeds', async () => {
    sandbox.github.repo(repository).immutableReleases = true
    const release = await draftWith({ 'one.tar.gz': 'one build' })
    const fault = sandbox.faults.add({
      service: 'web',
      path: `re:/releases/download/.*/one\\.tar\\.gz$`,
      status: 404
    })
    const failed = await publishWith(release)
    expect(codeOf(failed)).toBe('PUBLISHED')
    expect(errorsOf(failed).split('\n')[0]).toMatch(
      /^\[PUBLISHED\] Release "v9\.\d+\.0" is published, but what downloaders get does not verify: download "one\.tar\.gz": GitHub release storage answered HTTP 404$/
    )
    expect(failed.stderr + failed.stdout).not.toMatch(/\n\s+at /)
    expect(failed.outputs.published).toBe('true')
    expect(failed.outputs['downloads-verified']).toBe('false')
    expect(failed.outputs['release-attestation']).toBe('verified')
    expect(failed.summary).toContain('downloads that do NOT verify')

    sandbox.faults.remove(fault)
    const rerun = await publishWith(release)
    expect(errorsOf(rerun)).toBe('')
    expect(rerun.outputs.published).toBe('false')
    expect(rerun.outputs['downloads-verified']).toBe('true')
    expect(rerun.outputs['release-attestation']).toBe('verified')
  })

  it("accepts a file the user left unsigned in GitHub's release attestation", async () => {
    sandbox.github.repo(repository).immutableReleases = true
    const release = await draftWith({ 'core.bin': 'core build', 'notes.txt': 'unsigned notes' })
    const run = await publishWith(release, { assets: 'core.bin' })
    expect(errorsOf(run)).toBe('')
    expect(run.outputs['downloads-verified']).toBe('true')
    expect(run.outputs['release-attestation']).toBe('verified')
  })

  it("signing elsewhere, checks GitHub's release attestation with GitHub's root from its TUF repository", async () => {
    sandbox.github.repo(repository).immutableReleases = true
    const release = await draftWith({ 'elsewhere.bin': 'custom instance build' })
    const run = await runAction(sandbox, {
      ...sandboxInputs(sandbox),
      'release-id': String(release.id),
      publish: 'true'
    })
    expect(errorsOf(run)).toBe('')
    expect(run.outputs['release-attestation']).toBe('verified')

    // Another instance's root (public-good-like) does not verify GitHub's signature.
    const other = await draftWith({ 'wrong-root.bin': 'custom instance build' })
    const wrongRoot = await runAction(
      sandbox,
      { ...sandboxInputs(sandbox), 'release-id': String(other.id), publish: 'true' },
      {
        SIGN_RELEASE_GITHUB_TUF_MIRROR: sandbox.state.tuf.publicGood.mirror,
        SIGN_RELEASE_GITHUB_TUF_ROOT: sandbox.state.tuf.publicGood.rootPath
      }
    )
    expect(codeOf(wrongRoot)).toBe('PUBLISHED')
    expect(errorsOf(wrongRoot)).toContain(
      "GitHub's release attestation: it does not verify as GitHub's"
    )
    expect(wrongRoot.outputs['release-attestation']).toBe('failed')
  })

  it("downloads a private repository's files as a reader with access does, through the API", async () => {
    const settings = sandbox.github.repo(repository)
    settings.visibility = 'private'
    await sandbox.setContext({ visibility: 'private' })
    try {
      const release = await draftWith({ 'private.tar.gz': 'private build' })
      sandbox.clearRequests()
      const run = await publishWith(release)
      expect(errorsOf(run)).toBe('')
      expect(run.outputs['downloads-verified']).toBe('true')
      expect(publicDownloads()).toEqual([])
    } finally {
      settings.visibility = 'public'
      await sandbox.setContext({ visibility: 'public' })
    }
  })
})
