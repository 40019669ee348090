/**
 * The real trust path: the public-good and github instances take their trust material from TUF
 * repositories (the sandbox's, given as `tuf-mirror` and `tuf-root`), verify it, cache it under
 * RUNNER_TEMP, and refuse a repository that serves expired, unsigned, rolled-back or tampered
 * metadata before anything is signed or written.
 */
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import type { AssetJson, ReleaseJson } from '../../sandbox/releases-client.js'
import type { TufFault } from '../../sandbox/tuf/repository.js'
import { fulcioCalls, useSandbox, writes } from '../helpers/sandbox.js'
import { unwrapped, verifyOnGitHubInstance, verifyWithSigstoreJs } from '../helpers/verify.js'

const t = useSandbox({ series: 7 })

afterEach(() => {
  t.sandbox.tuf.publicGood.setFault('none')
  t.sandbox.tuf.github.setFault('none')
})

type Repo = 'publicGood' | 'github'

/** Inputs as a real run passes them, except the TUF repository: no signing config, no root file. */
function tufInputs(repo: Repo, sigstore: string): Record<string, string> {
  return {
    sigstore,
    'signing-config': '',
    'trusted-root': '',
    'tuf-mirror': t.sandbox.state.tuf[repo].mirror,
    'tuf-root': t.sandbox.state.tuf[repo].rootPath
  }
}

const SERVICE: Record<Repo, string> = { publicGood: 'tuf-public-good', github: 'tuf-github' }

function tufPaths(repo: Repo): string[] {
  return t.sandbox
    .requests()
    .filter((r) => r.service === SERVICE[repo])
    .map((r) => r.path)
}

function rekorRequests(): number {
  return t.sandbox.requests().filter((r) => r.service === 'rekor').length
}

async function freshRunnerTemp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'runner-temp-'))
}

const draftWith = (files: Record<string, string>): Promise<ReleaseJson> => t.draft(files)

/** Each named asset has a bundle on the release that the verifier accepts over its bytes. */
async function expectBundles(
  releaseId: number,
  names: string[],
  verify: (bundle: string, data: Buffer) => void
): Promise<void> {
  const all = await t.gh.assets(releaseId)
  for (const name of names) {
    const asset = all.find((a) => a.name === name) as AssetJson
    const bundle = all.find((a) => a.name === `${name}.sigstore.json`)
    expect(bundle).toBeDefined()
    verify((await t.gh.download(bundle as AssetJson)).toString(), await t.gh.download(asset))
  }
}

describe('public-good through TUF', () => {
  it('signs with the signing config and trusted root of the TUF repository', async () => {
    const release = await draftWith({ 'pg.tar.gz': 'public good' })
    t.sandbox.clearRequests()
    const run = await runAction(
      t.sandbox,
      { 'release-id': String(release.id), ...tufInputs('publicGood', 'public-good') },
      { RUNNER_TEMP: await freshRunnerTemp() }
    )
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain(
      `Sigstore: public-good (Fulcio ${t.sandbox.state.sigstore.fulcioUrl}`
    )
    expect(tufPaths('publicGood')).toContain('/1.targets.json')
    expect(rekorRequests()).toBeGreaterThan(0)
    // Its certificates carry SCTs, which cosign checks.
    expect(run.summary).not.toContain('--insecure-ignore-sct')
    await expectBundles(release.id, ['pg.tar.gz'], (bundle, data) =>
      verifyWithSigstoreJs(t.sandbox, bundle, data)
    )
  })

  it('with rekor-version 2 takes the TUF target signing_config_rekor_v2.v0.2.json and logs on its v2 log', async () => {
    const release = await draftWith({ 'pg2.tar.gz': 'public good on rekor v2' })
    t.sandbox.clearRequests()
    const run = await runAction(
      t.sandbox,
      {
        'release-id': String(release.id),
        ...tufInputs('publicGood', 'public-good'),
        'rekor-version': '2'
      },
      { RUNNER_TEMP: await freshRunnerTemp() }
    )
    expect(errorsOf(run)).toBe('')
    const targets = tufPaths('publicGood').filter((p) => p.startsWith('/targets/'))
    expect(targets.some((p) => p.endsWith('.signing_config_rekor_v2.v0.2.json'))).toBe(true)
    expect(targets.some((p) => p.endsWith('.signing_config.v0.2.json'))).toBe(false)
    expect(rekorRequests()).toBe(0)
    expect(t.sandbox.requests().filter((r) => r.service === 'rekor-v2')).toHaveLength(1)
    expect(run.stdout).toContain(`Rekor ${t.sandbox.state.sigstore.rekorV2Url} (v2)`)
  })

  it('caches the metadata under RUNNER_TEMP: a second run fetches only the timestamp and the next root', async () => {
    const runnerTemp = await freshRunnerTemp()
    const inputs = tufInputs('publicGood', 'public-good')
    t.sandbox.clearRequests()
    const first = await runAction(
      t.sandbox,
      { 'release-id': String((await draftWith({ 'c1.bin': '1' })).id), ...inputs },
      { RUNNER_TEMP: runnerTemp }
    )
    expect(errorsOf(first)).toBe('')
    const firstPaths = tufPaths('publicGood')
    expect(firstPaths).toEqual(expect.arrayContaining(['/1.snapshot.json', '/1.targets.json']))
    expect(firstPaths.filter((p) => p.startsWith('/targets/'))).toHaveLength(2)
    expect(existsSync(join(runnerTemp, 'sign-release-tuf'))).toBe(true)

    t.sandbox.clearRequests()
    const second = await runAction(
      t.sandbox,
      { 'release-id': String((await draftWith({ 'c2.bin': '2' })).id), ...inputs },
      { RUNNER_TEMP: runnerTemp }
    )
    expect(errorsOf(second)).toBe('')
    expect(tufPaths('publicGood')).toEqual(['/2.root.json', '/timestamp.json'])
  })
})

describe('github through TUF', () => {
  it('signs on Fulcio and the TSA its trusted root names, with nothing sent to a log', async () => {
    const release = await draftWith({ 'gh.tar.gz': 'github instance' })
    t.sandbox.clearRequests()
    const run = await runAction(
      t.sandbox,
      { 'release-id': String(release.id), ...tufInputs('github', 'github') },
      { RUNNER_TEMP: await freshRunnerTemp() }
    )
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain(
      `Sigstore: github (Fulcio ${t.sandbox.state.sigstore.fulcioUrl}/github, Rekor none, TSA ${t.sandbox.state.sigstore.tsaUrl}/api/v1/timestamp)`
    )
    expect(tufPaths('github')).toContain('/1.targets.json')
    expect(rekorRequests()).toBe(0)
    expect(fulcioCalls(t.sandbox)).toBe(1)
    // The repository's trusted root is passed as a custom one; cosign must not ask for an SCT.
    expect(unwrapped(run.summary)).toContain(
      'cosign verify-blob gh.tar.gz --bundle gh.tar.gz.sigstore.json --trusted-root trusted&#95;root.json --insecure-ignore-sct --use-signed-timestamps --insecure-ignore-tlog'
    )
    await expectBundles(release.id, ['gh.tar.gz'], (bundle, data) =>
      verifyOnGitHubInstance(t.sandbox, bundle, data)
    )
  })
})

describe('a TUF repository that cannot be trusted', () => {
  const cases: [Repo, string, TufFault][] = [
    ['publicGood', 'public-good', 'expired'],
    ['publicGood', 'public-good', 'unsigned'],
    ['publicGood', 'public-good', 'tampered'],
    ['github', 'github', 'expired'],
    ['github', 'github', 'unsigned'],
    ['github', 'github', 'tampered']
  ]
  it.each(cases)(
    'is refused (%s, %s metadata) with TRUST_MATERIAL naming it, before anything is signed or written',
    async (repo, sigstore, fault) => {
      const release = await draftWith({ 'x.bin': 'x' })
      t.sandbox.tuf[repo].setFault(fault)
      t.sandbox.clearRequests()
      const run = await runAction(
        t.sandbox,
        { 'release-id': String(release.id), ...tufInputs(repo, sigstore) },
        { RUNNER_TEMP: await freshRunnerTemp() }
      )
      expect(codeOf(run)).toBe('TRUST_MATERIAL')
      expect(errorsOf(run)).toContain(t.sandbox.state.tuf[repo].mirror)
      expect(fulcioCalls(t.sandbox)).toBe(0)
      expect(writes(t.sandbox)).toBe(0)
      expect(await t.gh.assets(release.id)).toHaveLength(1)
    }
  )

  it.each<[Repo, string]>([
    ['publicGood', 'public-good'],
    ['github', 'github']
  ])(
    'is refused when it rolls back to metadata older than the cache has seen (%s)',
    async (repo, sigstore) => {
      const runnerTemp = await freshRunnerTemp()
      const inputs = tufInputs(repo, sigstore)
      const good = await runAction(
        t.sandbox,
        { 'release-id': String((await draftWith({ 'r1.bin': '1' })).id), ...inputs },
        { RUNNER_TEMP: runnerTemp }
      )
      expect(errorsOf(good)).toBe('')
      const release = await draftWith({ 'r2.bin': '2' })
      t.sandbox.tuf[repo].setFault('rollback')
      t.sandbox.clearRequests()
      const run = await runAction(
        t.sandbox,
        { 'release-id': String(release.id), ...inputs },
        { RUNNER_TEMP: runnerTemp }
      )
      expect(codeOf(run)).toBe('TRUST_MATERIAL')
      expect(errorsOf(run)).toContain(t.sandbox.state.tuf[repo].mirror)
      expect(errorsOf(run)).toContain('rollback')
      expect(fulcioCalls(t.sandbox)).toBe(0)
      expect(writes(t.sandbox)).toBe(0)
    }
  )
})
