/**
 * Where `sign-release verify` reads a release from, in process: a download directory (its regular
 * files only), or GitHub (the GitHub stand-in: the release's finished uploads, streamed), with usage
 * errors that say what to fix: a bad --repo, --dir or tag, a private repository without a token.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CliError } from '../../../src/cli/errors.js'
import { directoryFiles, githubFiles } from '../../../src/cli/release-source.js'
import { readAll } from '../../../src/util/stream.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/app'
let h: Harness

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
  h = await startHarness()
  const release = h.gh.createRelease(REPO, { tag: 'v1', draft: false })
  await h.gh.uploadAsset(REPO, release.id, 'app.zip', 'app v1')
  await h.gh.uploadAsset(REPO, release.id, 'app.zip.sigstore.json', '{}')
  h.gh.createRelease(REPO, { tag: 'v2-draft', draft: true })
  h.gh.repo('octo-org/secret').visibility = 'private'
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await h.close()
})

async function usage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(CliError)
  expect((error as CliError).exitCode).toBe(2)
  return (error as CliError).message
}

describe('directoryFiles', () => {
  it('lists the regular files of the directory and streams them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'downloads-'))
    await writeFile(join(dir, 'app.zip'), 'app v1')
    await mkdir(join(dir, 'nested'))
    const files = await directoryFiles(dir)
    expect(files.names).toEqual(['app.zip'])
    expect((await readAll(await files.open('app.zip'), 100)).toString()).toBe('app v1')
  })

  it('refuses a --dir that is missing or not a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'downloads-'))
    await writeFile(join(dir, 'file'), 'x')
    expect(await usage(directoryFiles(join(dir, 'none')))).toMatch(/^--dir .*none: .*ENOENT/)
    expect(await usage(directoryFiles(join(dir, 'file')))).toMatch(/: not a directory$/)
  })
})

describe('githubFiles', () => {
  it("reads the release's uploaded files by tag and streams them", async () => {
    const files = await githubFiles(REPO, 'v1', h.gh.apiUrl, h.gh.token)
    expect(files.names.sort()).toEqual(['app.zip', 'app.zip.sigstore.json'])
    expect((await readAll(await files.open('app.zip'), 100)).toString()).toBe('app v1')
    // Not immutable: GitHub keeps no release attestation of it.
    expect(await files.releaseAttestations(`sha256:${'0'.repeat(64)}`)).toEqual([])
  })

  it('needs OWNER/REPO', async () => {
    expect(await usage(githubFiles('octo-org', 'v1', h.gh.apiUrl, ''))).toBe(
      '--repo octo-org: expected OWNER/REPO'
    )
  })

  it('says a tag has no release, and that drafts need a token', async () => {
    expect(await usage(githubFiles(REPO, 'v9', h.gh.apiUrl, h.gh.token))).toBe(
      `no release with tag 'v9' in ${REPO}`
    )
    expect(await usage(githubFiles(REPO, 'v2-draft', h.gh.apiUrl, ''))).toBe(
      `no release with tag 'v2-draft' in ${REPO} (drafts need a token: set GITHUB_TOKEN)`
    )
  })

  it('says a private repository needs a token', async () => {
    expect(await usage(githubFiles('octo-org/secret', 'v1', h.gh.apiUrl, ''))).toBe(
      'octo-org/secret was not found (private repositories need a token: set GITHUB_TOKEN)'
    )
  })

  it('names the API it could not read from', async () => {
    expect(await usage(githubFiles(REPO, 'v1', 'http://127.0.0.1:1', ''))).toMatch(
      /^cannot read the release from http:\/\/127.0.0.1:1: /
    )
  })
})
