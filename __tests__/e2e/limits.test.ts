/**
 * GitHub's secondary rate limits, scaled down in time: the action waits as GitHub's retry-after
 * says and finishes the job. And the budget check refuses, before writing anything, a release
 * that would exceed 1000 assets.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'

let sandbox: Sandbox
let gh: GitHubHelper

beforeAll(async () => {
  // Six content-creating requests a "minute" of 1.2 seconds.
  sandbox = await startSandbox({
    secondaryLimits: { perMinute: 6, perHour: 1000, windowScale: 0.02 },
    primaryLimit: 100000
  })
  gh = new GitHubHelper(sandbox)
})
afterAll(async () => {
  await sandbox.close()
})

describe('the budget', () => {
  it('refuses, before writing anything, a release that would pass 1000 assets, with the arithmetic and a way out', async () => {
    const repo = sandbox.state.context.repository
    const release = sandbox.github.createRelease(repo, { tag: 'v-many', draft: true })
    for (let i = 0; i < 251; i++)
      await sandbox.github.uploadAsset(repo, release.id, `pkg-${i}.tar.gz`, String(i))
    sandbox.clearRequests()
    const run = await runAction(sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(run)).toContain(
      "The release would hold 1004 assets (251 now + 753 new), over GitHub's limit of 1000"
    )
    expect(errorsOf(run)).toContain("'sidecars: bundle'")
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([])
    expect(sandbox.github.listAssets(repo, release.id)).toHaveLength(251)
  })
})

describe('what is signed is what users download', () => {
  it("fails when the bytes downloaded differ from GitHub's digest of the asset", async () => {
    const repo = sandbox.state.context.repository
    const release = sandbox.github.createRelease(repo, { tag: 'v-digest', draft: true })
    const asset = await sandbox.github.uploadAsset(repo, release.id, 'swapped.bin', 'original')
    await writeFile(join(sandbox.dir, 'assets', String(asset.id)), 'swapped!')
    const run = await runAction(sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(run)).toContain("Asset 'swapped.bin' downloaded with SHA-256")
    expect(errorsOf(run)).toContain(
      `but GitHub reports ${(asset.digest ?? '').replace('sha256:', '')}`
    )
    expect(sandbox.github.listAssets(repo, release.id)).toHaveLength(1)
  })
})

describe('rate limits', () => {
  it("waits out GitHub's secondary rate limit and finishes", async () => {
    const release = await gh.createRelease('v1.0.0')
    for (const name of ['a.bin', 'b.bin', 'c.bin']) await gh.upload(release, name, name)
    const run = await runAction(sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toMatch(/Secondary rate limit on POST .*: waiting \d+s/)
    expect(await gh.assets(release.id)).toHaveLength(12)
  })
})
