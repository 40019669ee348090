/**
 * GitHub's secondary rate limits, scaled down in time: the action waits as GitHub's retry-after
 * says and finishes the job. And the budget check refuses, before writing anything, a release
 * that would exceed 1000 assets.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { productionTrustedRoot } from '../../src/verify/trust.js'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'

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

describe('streaming', () => {
  it('hashes without holding assets: peak memory does not grow with asset size', async () => {
    const repo = sandbox.state.context.repository
    const peak = async (mib: number): Promise<number> => {
      const path = join(sandbox.dir, `stream-${mib}.bin`)
      await writeFile(path, Buffer.alloc(mib * 1024 * 1024, mib))
      const release = sandbox.github.createRelease(repo, { tag: `v-stream-${mib}`, draft: true })
      await sandbox.github.uploadAssetFromFile(repo, release.id, 'big.bin', path)
      const run = await runAction(
        sandbox,
        { 'release-id': String(release.id), sidecars: 'bundle' },
        {},
        { sampleMemory: true }
      )
      expect(errorsOf(run)).toBe('')
      return run.peakRss ?? Number.NaN
    }
    const small = await peak(8)
    const large = await peak(512)
    // 504 MiB more data: holding it would need at least that much more memory. Streams leave
    // some garbage whose collection depends on the load of the machine, hence the margin.
    expect(large - small).toBeLessThan(192 * 1024 * 1024)
  })

  it('uploads local files without holding them: peak memory does not grow with file size', async () => {
    const repo = sandbox.state.context.repository
    const peak = async (mib: number): Promise<number> => {
      const name = `local-${mib}.bin`
      await writeFile(join(sandbox.dir, 'workspace', name), Buffer.alloc(mib * 1024 * 1024, mib))
      const release = sandbox.github.createRelease(repo, { tag: `v-local-${mib}`, draft: true })
      const run = await runAction(
        sandbox,
        { 'release-id': String(release.id), files: name, sidecars: 'bundle' },
        {},
        { sampleMemory: true }
      )
      expect(errorsOf(run)).toBe('')
      expect(sandbox.github.listAssets(repo, release.id).map((a) => a.name)).toContain(name)
      return run.peakRss ?? Number.NaN
    }
    const small = await peak(8)
    const large = await peak(512)
    // Node's fetch read a file body far ahead of the socket (1.1 GB for 1 GiB); node:http does not.
    expect(large - small).toBeLessThan(192 * 1024 * 1024)
  })
})

describe('self-verification', () => {
  it('uploads nothing when a bundle does not verify against the trusted root', async () => {
    const repo = sandbox.state.context.repository
    const release = sandbox.github.createRelease(repo, { tag: 'v-untrusted', draft: true })
    await sandbox.github.uploadAsset(repo, release.id, 'a.bin', 'a')
    // The sandbox's root with the production Rekor key in place of the sandbox's: the certificate
    // is trusted (so signing goes ahead), but no log entry can verify.
    const root = JSON.parse(await readFile(sandbox.state.sigstore.trustedRootPath, 'utf8')) as {
      tlogs: unknown[]
    }
    root.tlogs = (TrustedRoot.toJSON(productionTrustedRoot()) as { tlogs: unknown[] }).tlogs
    const path = join(sandbox.dir, 'foreign_log_root.json')
    await writeFile(path, JSON.stringify(root))
    const run = await runAction(sandbox, { 'release-id': String(release.id), 'trusted-root': path })
    expect(codeOf(run)).toBe('VERIFY')
    expect(errorsOf(run)).toContain('"a.bin"')
    expect(sandbox.github.listAssets(repo, release.id).map((a) => a.name)).toEqual(['a.bin'])
  })

  it("refuses a trusted root that does not trust the instance's certificate authority before the log", async () => {
    const repo = sandbox.state.context.repository
    const release = sandbox.github.createRelease(repo, { tag: 'v-untrusted-ca', draft: true })
    await sandbox.github.uploadAsset(repo, release.id, 'a.bin', 'a')
    const root = join(sandbox.dir, 'production_root.json')
    await writeFile(root, JSON.stringify(TrustedRoot.toJSON(productionTrustedRoot())))
    sandbox.clearRequests()
    const run = await runAction(sandbox, { 'release-id': String(release.id), 'trusted-root': root })
    expect(codeOf(run)).toBe('TRUST_MATERIAL')
    expect(sandbox.requests().filter((r) => r.service === 'rekor')).toHaveLength(0)
    expect(sandbox.github.listAssets(repo, release.id).map((a) => a.name)).toEqual(['a.bin'])
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
