/**
 * The action end to end, as a runner runs it (`node dist/index.js`), against the t.sandbox. The
 * release's final state is read back through the REST API and every bundle is verified by
 * @sigstore/verify over the downloaded bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { fulcioCalls, REUSABLE_WORKFLOW, useSandbox, writes } from '../helpers/sandbox.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { GitHubHelper, type AssetJson, type ReleaseJson } from '../../sandbox/releases-client.js'
import { expectedSan, sha256, verifySigPem, verifyWithSigstoreJs } from '../helpers/verify.js'

const t = useSandbox()

let tagCount = 0
async function draftWith(
  files: Record<string, Buffer | string>
): Promise<{ release: ReleaseJson; assets: AssetJson[] }> {
  const release = await t.gh.createRelease(`v0.${++tagCount}.0`)
  const assets: AssetJson[] = []
  for (const [name, content] of Object.entries(files))
    assets.push(await t.gh.upload(release, name, content))
  return { release, assets }
}

/** Downloads every asset and its sidecars and checks them all, as a user would. */
async function expectSigned(releaseId: number, names: string[]): Promise<AssetJson[]> {
  const all = await t.gh.assets(releaseId)
  const byName = new Map(all.map((a) => [a.name, a]))
  for (const name of names) {
    const asset = byName.get(name)
    expect(asset).toBeDefined()
    const data = await t.gh.download(asset as AssetJson)
    const [bundle, sig, pem] = await Promise.all(
      ['.sigstore.json', '.sig', '.pem'].map(async (suffix) => {
        const sidecar = byName.get(name + suffix)
        expect(sidecar?.state).toBe('uploaded')
        return t.gh.download(sidecar as AssetJson)
      })
    )
    verifyWithSigstoreJs(t.sandbox, (bundle as Buffer).toString(), data)
    expect(verifySigPem(sig as Buffer, pem as Buffer, data).san).toBe(expectedSan(t.sandbox))
  }
  return all
}

describe('signing a draft release', () => {
  it('signs every asset with one certificate, uploads three sidecars each, and changes nothing else', async () => {
    const { release, assets } = await draftWith({
      'tool linux amd64.tar.gz': 'linux build',
      'naïve-notes.txt': 'non-ascii name',
      'empty.bin': '',
      'checksums.txt': 'abc'
    })
    const before = assets.map((a) => ({ name: a.name, digest: a.digest, size: a.size }))
    t.sandbox.clearRequests()
    const run = await runAction(t.sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(run)).toBe('')
    expect(run.code).toBe(0)
    expect(fulcioCalls(t.sandbox)).toBe(1)

    const names = assets.map((a) => a.name)
    const all = await expectSigned(release.id, names)
    expect(all).toHaveLength(names.length * 4)
    for (const a of before) expect(all.find((x) => x.name === a.name)).toMatchObject(a)

    const signed = JSON.parse(run.outputs['signed-assets'] ?? '[]') as {
      name: string
      digest: string
      sidecars: string[]
      logIndex: string
    }[]
    expect(signed.map((s) => s.name).sort()).toEqual([...names].sort())
    for (const s of signed) {
      expect(s.digest).toBe(assets.find((a) => a.name === s.name)?.digest)
      expect(s.sidecars).toEqual([`${s.name}.sigstore.json`, `${s.name}.sig`, `${s.name}.pem`])
      expect(s.logIndex).toMatch(/^\d+$/)
    }
    // Every output action.yml declares is written, and nothing else.
    const declared = Object.keys(
      (parse(readFileSync('action.yml', 'utf8')) as { outputs: object }).outputs
    )
    expect(Object.keys(run.outputs).sort()).toEqual(declared.sort())
    expect(run.outputs['release-id']).toBe(String(release.id))
    expect(run.outputs['bundle-paths']?.split('\n')).toHaveLength(names.length)
    expect(run.summary).toContain('cosign verify-blob')
    expect(run.summary).toContain(expectedSan(t.sandbox))
    expect((await t.gh.release(release.id)).draft).toBe(true)
  })

  it('keeps more than one connection pool of Rekor and TSA requests open at once (sigstore-js alone allows 15)', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 32; i++) files[`part-${i}.bin`] = `part ${i}`
    const { release } = await draftWith(files)
    t.sandbox.clearRequests()
    // Answers held long enough that every bundle's requests are out before the first comes back.
    t.sandbox.faults.setLatency({ rekor: 1000, tsa: 1000 })
    try {
      const run = await runAction(t.sandbox, {
        'release-id': String(release.id),
        sidecars: 'bundle',
        provenance: 'false',
        checksums: ''
      })
      expect(errorsOf(run)).toBe('')
    } finally {
      t.sandbox.faults.setLatency({})
    }
    const mostAtOnce = (service: string): number =>
      Math.max(
        ...t.sandbox
          .requests()
          .filter((r) => r.service === service && r.method === 'POST')
          .map((r) => r.inFlight)
      )
    expect(mostAtOnce('rekor')).toBeGreaterThanOrEqual(30)
    expect(mostAtOnce('tsa')).toBeGreaterThanOrEqual(30)
    expect(fulcioCalls(t.sandbox)).toBe(1)
  })

  it('does nothing on a re-run: valid sidecars are kept and no certificate is requested', async () => {
    const { release } = await draftWith({ 'a.zip': 'aaa', 'b.zip': 'bbb' })
    expect((await runAction(t.sandbox, { 'release-id': String(release.id) })).code).toBe(0)
    t.sandbox.clearRequests()
    const again = await runAction(t.sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(again)).toBe('')
    expect(fulcioCalls(t.sandbox)).toBe(0)
    expect(writes(t.sandbox)).toBe(0)
    expect(await t.gh.assets(release.id)).toHaveLength(8)
  })

  it('finishes the job on a re-run after uploads failed midway, with exactly one set of sidecars', async () => {
    const { release } = await draftWith({ 'one.bin': '1', 'two.bin': '22', 'three.bin': '333' })
    // Two uploads go through, the third is refused and the fourth loses its connection.
    t.sandbox.faults.add({ service: 'uploads', method: 'POST', status: 422, after: 2, times: 1 })
    t.sandbox.faults.add({ service: 'uploads', method: 'POST', drop: true, after: 3, times: 1 })
    const failed = await runAction(t.sandbox, { 'release-id': String(release.id) })
    t.sandbox.faults.clear()
    expect(failed.code).not.toBe(0)
    expect((await t.gh.assets(release.id)).length).toBeGreaterThan(3)
    const rerun = await runAction(t.sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(rerun)).toBe('')
    const all = await expectSigned(release.id, ['one.bin', 'two.bin', 'three.bin'])
    expect(all.map((a) => a.name).sort()).toEqual(
      ['one.bin', 'two.bin', 'three.bin']
        .flatMap((n) => [n, `${n}.sigstore.json`, `${n}.sig`, `${n}.pem`])
        .sort()
    )
  })

  it('replaces its own sidecars once the asset changed, and never touches other assets', async () => {
    const { release, assets } = await draftWith({ 'app.tar.gz': 'app v1', 'README.md': 'docs' })
    const first = await runAction(t.sandbox, {
      'release-id': String(release.id),
      assets: '*.tar.gz'
    })
    expect(errorsOf(first)).toBe('')
    const oldSig = (await t.gh.assets(release.id)).find((a) => a.name === 'app.tar.gz.sig')
    // The maintainer re-uploads the asset: our sidecars now sign other bytes, but are still ours.
    await t.gh.deleteAsset((assets[0] as AssetJson).id)
    await t.gh.upload(release, 'app.tar.gz', 'app v2')
    const run = await runAction(t.sandbox, { 'release-id': String(release.id), assets: '*.tar.gz' })
    expect(errorsOf(run)).toBe('')
    const all = await expectSigned(release.id, ['app.tar.gz'])
    expect(all.map((a) => a.name).sort()).toEqual([
      'README.md',
      'app.tar.gz',
      'app.tar.gz.pem',
      'app.tar.gz.sig',
      'app.tar.gz.sigstore.json'
    ])
    expect(all.find((a) => a.name === 'app.tar.gz.sig')?.id).not.toBe(oldSig?.id)
    expect(all.find((a) => a.name === 'README.md')?.id).toBe(assets[1]?.id)
  })

  it('signs local files after uploading them, and publishes the draft when asked', async () => {
    const { release } = await draftWith({})
    const { writeFile, mkdir } = await import('node:fs/promises')
    const dir = `${t.sandbox.env.GITHUB_WORKSPACE}/out-${release.id}`
    await mkdir(dir, { recursive: true })
    await writeFile(`${dir}/my app.bin`, 'local bytes')
    const run = await runAction(t.sandbox, {
      'release-id': String(release.id),
      files: `out-${release.id}/*.bin`,
      publish: 'true'
    })
    expect(errorsOf(run)).toBe('')
    const all = await expectSigned(release.id, ['my.app.bin'])
    expect(all.find((a) => a.name === 'my.app.bin')?.digest).toBe(
      `sha256:${sha256(Buffer.from('local bytes'))}`
    )
    expect((await t.gh.release(release.id)).draft).toBe(false)
    expect(run.outputs.published).toBe('true')
  })

  it('prints the plan on a dry run and writes nothing', async () => {
    const { release } = await draftWith({ 'x.deb': 'deb' })
    t.sandbox.clearRequests()
    const run = await runAction(t.sandbox, { 'release-id': String(release.id), 'dry-run': 'true' })
    expect(errorsOf(run)).toBe('')
    expect(writes(t.sandbox)).toBe(0)
    expect(fulcioCalls(t.sandbox)).toBe(0)
    expect(run.stdout).toContain(`x.deb: sha256 ${sha256(Buffer.from('deb'))}`)
    expect(run.stdout).toContain('x.deb.sigstore.json (upload)')
    expect(await t.gh.assets(release.id)).toHaveLength(1)
  })
})

describe('choosing the release and what happens to existing files', () => {
  it('finds a draft by its tag (by listing, as get-by-tag skips drafts) and a release from a release event', async () => {
    const { release } = await draftWith({ 'by-tag.txt': 'tag' })
    const byTag = await runAction(t.sandbox, { tag: release.tag_name })
    expect(errorsOf(byTag)).toBe('')
    expect(byTag.outputs['release-id']).toBe(String(release.id))

    const other = await draftWith({ 'by-event.txt': 'event' })
    await t.sandbox.setContext({ eventName: 'release' }, { id: other.release.id })
    try {
      const byEvent = await runAction(t.sandbox, {})
      expect(errorsOf(byEvent)).toBe('')
      expect(byEvent.outputs['release-id']).toBe(String(other.release.id))
    } finally {
      await t.sandbox.setContext({ eventName: 'push' })
    }
  })

  it("given the release's id, lists its assets while the release itself is read", async () => {
    const { release } = await draftWith({ 'early.bin': 'listed early' })
    const latencyMs = 400
    t.sandbox.clearRequests()
    t.sandbox.faults.setLatency({ github: latencyMs })
    try {
      expect(errorsOf(await runAction(t.sandbox, { 'release-id': String(release.id) }))).toBe('')
    } finally {
      t.sandbox.faults.setLatency({})
    }
    const arrival = (path: string): number | undefined =>
      t.sandbox.requests().find((r) => r.method === 'GET' && r.path.split('?')[0] === path)?.at
    const releasePath = `/repos/${t.gh.repository}/releases/${release.id}`
    const readAt = arrival(releasePath)
    const listedAt = arrival(`${releasePath}/assets`)
    expect(readAt).toBeDefined()
    expect(listedAt).toBeDefined()
    // One after the other, the list would arrive only after the release's answer (its latency).
    expect(Math.abs((listedAt as number) - (readAt as number))).toBeLessThan(latencyMs)
  })

  it('replaces every sidecar with on-existing: replace, and refuses to touch them with fail', async () => {
    const { release } = await draftWith({ 'r.zip': 'zip' })
    expect((await runAction(t.sandbox, { 'release-id': String(release.id) })).code).toBe(0)
    const before = new Map((await t.gh.assets(release.id)).map((a) => [a.name, a.id]))

    const failing = await runAction(t.sandbox, {
      'release-id': String(release.id),
      'on-existing': 'fail'
    })
    expect(codeOf(failing)).toBe('INPUT_CONFLICT')
    expect(errorsOf(failing)).toContain('r.zip.sigstore.json')
    expect(errorsOf(failing)).toContain("'on-existing: skip'")

    t.sandbox.clearRequests()
    const replacing = await runAction(t.sandbox, {
      'release-id': String(release.id),
      'on-existing': 'replace'
    })
    expect(errorsOf(replacing)).toBe('')
    expect(fulcioCalls(t.sandbox)).toBe(1)
    const after = await expectSigned(release.id, ['r.zip'])
    expect(after).toHaveLength(4)
    expect(after.find((a) => a.name === 'r.zip')?.id).toBe(before.get('r.zip'))
    expect(after.find((a) => a.name === 'r.zip.sig')?.id).not.toBe(before.get('r.zip.sig'))
  })

  it('cleans up a temporary upload of its own that an interrupted replacement left behind', async () => {
    const { release } = await draftWith({ 't.bin': 'temp' })
    expect(errorsOf(await runAction(t.sandbox, { 'release-id': String(release.id) }))).toBe('')
    const before = await t.gh.assets(release.id)
    const sig = before.find((a) => a.name === 't.bin.sig') as AssetJson
    // What a replacement interrupted after its upload leaves: our new .sig under the temporary name.
    await t.gh.upload(release, 't.bin.sig.sign-release-tmp', await t.gh.download(sig))
    const run = await runAction(t.sandbox, { 'release-id': String(release.id) })
    expect(errorsOf(run)).toBe('')
    const names = (await expectSigned(release.id, ['t.bin'])).map((a) => a.name)
    expect(names.sort()).toEqual(['t.bin', 't.bin.pem', 't.bin.sig', 't.bin.sigstore.json'])
  })
})

describe('refusals with the fix', () => {
  it('explains the missing id-token permission', async () => {
    const { release } = await draftWith({ 'a.txt': 'a' })
    const run = await runAction(
      t.sandbox,
      { 'release-id': String(release.id) },
      { ACTIONS_ID_TOKEN_REQUEST_URL: undefined }
    )
    expect(run.code).not.toBe(0)
    expect(errorsOf(run)).toContain('lacks the id-token: write permission')
    expect(errorsOf(run)).toContain('id-token: write')
  })

  it('explains a token without contents: write', async () => {
    // A read-only token cannot even see drafts, so this release is published (and mutable).
    const { release } = await draftWith({ 'a.txt': 'a' })
    await t.gh.api('PATCH', `/repos/${t.gh.repository}/releases/${release.id}`, { draft: false })
    const run = await runAction(t.sandbox, {
      'release-id': String(release.id),
      'github-token': t.sandbox.state.github.readOnlyToken
    })
    expect(errorsOf(run)).toContain("the token lacks 'contents: write'")
    expect(await t.gh.assets(release.id)).toHaveLength(1)
  })

  it('refuses a published immutable release that still lacks signatures, listing them, before signing', async () => {
    t.sandbox.github.repo(t.sandbox.state.context.repository).immutableReleases = true
    try {
      const { release } = await draftWith({ 'a.txt': 'a' })
      await t.gh.api('PATCH', `/repos/${t.gh.repository}/releases/${release.id}`, { draft: false })
      t.sandbox.clearRequests()
      const run = await runAction(t.sandbox, { 'release-id': String(release.id) })
      expect(codeOf(run)).toBe('RELEASE')
      expect(errorsOf(run)).toContain('is published and immutable')
      expect(errorsOf(run)).toContain('"a.txt.sigstore.json"')
      expect(errorsOf(run)).toContain("'publish: true'")
      expect(fulcioCalls(t.sandbox)).toBe(0)
      expect(writes(t.sandbox)).toBe(0)
    } finally {
      t.sandbox.github.repo(t.sandbox.state.context.repository).immutableReleases = false
    }
  })

  it('succeeds with nothing to do when a job that signed and published an immutable release is re-run', async () => {
    t.sandbox.github.repo(t.sandbox.state.context.repository).immutableReleases = true
    try {
      const { release } = await draftWith({ 'a.txt': 'a', 'b.txt': 'b' })
      const inputs = {
        'release-id': String(release.id),
        provenance: 'true',
        checksums: 'SHA256SUMS',
        publish: 'true'
      }
      const first = await runAction(t.sandbox, inputs)
      expect(errorsOf(first)).toBe('')
      const sealed = await t.gh.release(release.id)
      expect(sealed.draft).toBe(false)
      expect(sealed.immutable).toBe(true)
      const state = async (): Promise<unknown[]> =>
        (await t.gh.assets(release.id)).map((a) => [a.id, a.name, a.digest])
      const before = await state()
      t.sandbox.clearRequests()
      const rerun = await runAction(t.sandbox, inputs)
      expect(errorsOf(rerun)).toBe('')
      expect(rerun.code).toBe(0)
      expect(rerun.stdout).toContain('nothing to do')
      expect(fulcioCalls(t.sandbox)).toBe(0)
      expect(writes(t.sandbox)).toBe(0)
      expect(await state()).toEqual(before)
    } finally {
      t.sandbox.github.repo(t.sandbox.state.context.repository).immutableReleases = false
    }
  })

  it('checks the trusted root against the certificate Fulcio issued before anything reaches the log or the TSA', async () => {
    const { release } = await draftWith({ 'a.txt': 'a' })
    const root = JSON.parse(readFileSync(t.sandbox.state.sigstore.trustedRootPath, 'utf8')) as {
      certificateAuthorities: { certChain: unknown }[]
      timestampAuthorities: { certChain: unknown }[]
    }
    // Another instance's root: its CA did not issue the t.sandbox Fulcio's certificates.
    for (const ca of root.certificateAuthorities)
      ca.certChain = root.timestampAuthorities[0]?.certChain
    const path = `${t.sandbox.dir}/other-instance-root.json`
    writeFileSync(path, JSON.stringify(root))
    t.sandbox.clearRequests()
    const run = await runAction(t.sandbox, {
      'release-id': String(release.id),
      'trusted-root': path
    })
    expect(codeOf(run)).toBe('TRUST_MATERIAL')
    expect(errorsOf(run)).toContain("'trusted-root'")
    const logged = t.sandbox
      .requests()
      .filter((r) => (r.service === 'rekor' || r.service === 'tsa') && r.method === 'POST')
    expect(logged).toHaveLength(0)
    expect(writes(t.sandbox)).toBe(0)
  })

  it('says which assets exist when none match', async () => {
    const { release } = await draftWith({ 'a.txt': 'a' })
    const run = await runAction(t.sandbox, { 'release-id': String(release.id), assets: '*.zip' })
    expect(errorsOf(run)).toContain('No asset of release')
    expect(errorsOf(run)).toContain('a.txt')
  })

  it('names a release that does not exist', async () => {
    const run = await runAction(t.sandbox, { tag: 'v404' })
    expect(errorsOf(run)).toContain("No release with tag 'v404'")
  })

  it('refuses a private repository on the public-good instance unless allowed', async () => {
    await t.sandbox.setContext({ visibility: 'private' })
    try {
      const { release } = await draftWith({ 'a.txt': 'a' })
      const run = await runAction(t.sandbox, {
        'release-id': String(release.id),
        sigstore: 'public-good',
        'signing-config': '',
        'trusted-root': ''
      })
      expect(errorsOf(run)).toContain('is private: signing on the public-good instance')
      expect(errorsOf(run)).toContain('private-repository: true')
    } finally {
      await t.sandbox.setContext({ visibility: 'public' })
    }
  })
})

describe('identity', () => {
  it('names the reusable workflow in the certificate when the job runs one', async () => {
    await t.sandbox.setContext({ reusable: REUSABLE_WORKFLOW })
    try {
      const { release } = await draftWith({ 'r.bin': 'reusable' })
      const run = await runAction(t.sandbox, { 'release-id': String(release.id) })
      expect(errorsOf(run)).toBe('')
      expect(expectedSan(t.sandbox)).toBe(
        'https://github.com/sign-release/sign-release/.github/workflows/sign-release.yml@refs/tags/v1'
      )
      await expectSigned(release.id, ['r.bin'])
    } finally {
      await t.sandbox.setContext({ reusable: undefined })
    }
  })

  it('signs with the token it read its identity from, and with a fresh one when that one expires within two minutes', async () => {
    const tokens = (sandbox: Sandbox): number =>
      sandbox.requests().filter((r) => r.service === 'oidc' && r.path === '/token').length
    const { release } = await draftWith({ 'once.bin': 'one token' })
    t.sandbox.clearRequests()
    expect((await runAction(t.sandbox, { 'release-id': String(release.id) })).code).toBe(0)
    expect(tokens(t.sandbox)).toBe(1)

    const shortLived = await startSandbox({ oidcLifetimeSeconds: 90 })
    try {
      const client = new GitHubHelper(shortLived)
      const draft = await client.createRelease('v1.0.0')
      const asset = await client.upload(draft, 'twice.bin', 'two tokens')
      const run = await runAction(shortLived, { 'release-id': String(draft.id) })
      expect(errorsOf(run)).toBe('')
      expect(tokens(shortLived)).toBe(2)
      const bundle = (await client.assets(draft.id)).find(
        (a) => a.name === 'twice.bin.sigstore.json'
      )
      verifyWithSigstoreJs(
        shortLived,
        (await client.download(bundle as AssetJson)).toString(),
        await client.download(asset)
      )
    } finally {
      await shortLived.close()
    }
  })

  it("signs with GitHub's issuer name when the tokens carry it (discovery elsewhere)", async () => {
    const github = 'https://token.actions.githubusercontent.com'
    const production = await startSandbox({ oidcIssuer: github })
    try {
      expect(production.state.oidc.issuer).toBe(github)
      const client = new GitHubHelper(production)
      const release = await client.createRelease('v1.0.0')
      const asset = await client.upload(release, 'p.bin', 'production-shaped')
      // @actions/attest fetches keys from the issuer URL itself, so no provenance here.
      const run = await runAction(production, {
        'release-id': String(release.id),
        provenance: 'false'
      })
      expect(errorsOf(run)).toBe('')
      const bundle = (await client.assets(release.id)).find((a) => a.name === 'p.bin.sigstore.json')
      const data = await client.download(asset)
      const json = (await client.download(bundle as AssetJson)).toString()
      verifyWithSigstoreJs(production, json, data, expectedSan(production), github)
      expect(() =>
        verifyWithSigstoreJs(
          production,
          json,
          data,
          expectedSan(production),
          production.state.oidc.discoveryUrl
        )
      ).toThrow()
    } finally {
      await production.close()
    }
  })
})
