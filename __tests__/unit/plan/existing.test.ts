/**
 * Files already on the release, read for the plan through the action's own client from the GitHub
 * stand-in: each small file downloaded once however often it is judged, and a file too large to be
 * ours refused without a download.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AssetsClient, type Asset } from '../../../src/github/assets.js'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'
import { existingReader } from '../../../src/plan/existing.js'
import { TooLargeError } from '../../../src/util/stream.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/existing'
let h: Harness
let assets: AssetsClient
let files: Asset[]

/** Downloads the stand-in served (the API hop of each). */
const downloads = (): number =>
  h.exchanges.filter((e) => e.method === 'GET' && /\/releases\/assets\/\d+$/.test(e.path)).length

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
  h = await startHarness()
  const { octokit } = createOctokit({ token: h.gh.token, apiUrl: h.gh.apiUrl, log: silentLog })
  assets = new AssetsClient(new RepoApi(octokit, { owner: 'octo-org', repo: 'existing' }))
  const release = h.gh.createRelease(REPO, { tag: 'v1', draft: true })
  await h.gh.uploadAsset(REPO, release.id, 'a.zip.sig', 'signature')
  files = await assets.list(release.id)
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await h.close()
})

describe('existingReader', () => {
  it('downloads each file once, however often it is read', async () => {
    const read = existingReader(assets)
    const sig = files[0] as Asset
    const before = downloads()
    const [first, second] = await Promise.all([read(sig), read(sig)])
    expect(first?.toString()).toBe('signature')
    expect((await read(sig)).toString()).toBe('signature')
    expect(second).toBe(first)
    expect(downloads() - before).toBe(1)
  })

  it('refuses a file larger than 16 MiB without downloading it', async () => {
    const before = downloads()
    const huge = { ...(files[0] as Asset), id: 4242, size: 16 * 1024 * 1024 + 1 }
    await expect(existingReader(assets)(huge)).rejects.toBeInstanceOf(TooLargeError)
    expect(downloads()).toBe(before)
  })
})
