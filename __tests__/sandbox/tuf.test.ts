/**
 * The sandbox's TUF repositories, read by the client the action uses (@sigstore/tuf on tuf-js): the
 * targets are the sandbox's trust material, and every attack the repository can serve is refused.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { initTUF } from '@sigstore/tuf'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import type { TufFault } from '../../sandbox/tuf/repository.js'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(() => {
  sandbox.tuf.publicGood.setFault('none')
  sandbox.tuf.github.setFault('none')
})

async function client(repo: 'publicGood' | 'github', cachePath?: string) {
  const { mirror, rootPath } = sandbox.state.tuf[repo]
  return initTUF({
    mirrorURL: mirror,
    rootPath,
    cachePath: cachePath ?? (await mkdtemp(join(tmpdir(), 'tuf-cache-'))),
    retry: false,
    timeout: 5000
  })
}

describe('the sandbox TUF repositories', () => {
  it('serve the public-good trust material: trusted root and both signing configs', async () => {
    const tuf = await client('publicGood')
    const root = JSON.parse(await tuf.getTarget('trusted_root.json'))
    expect(root).toEqual(JSON.parse(readFileSync(sandbox.state.sigstore.trustedRootPath, 'utf8')))
    const config = JSON.parse(await tuf.getTarget('signing_config.v0.2.json'))
    expect(config).toEqual(
      JSON.parse(readFileSync(sandbox.state.sigstore.signingConfigPath, 'utf8'))
    )
    const v2 = JSON.parse(await tuf.getTarget('signing_config_rekor_v2.v0.2.json')) as {
      rekorTlogUrls: { url: string; majorApiVersion: number }[]
    }
    expect(v2).toEqual(
      JSON.parse(readFileSync(sandbox.state.sigstore.signingConfigRekorV2Path, 'utf8'))
    )
    expect(v2.rekorTlogUrls[0]).toMatchObject({
      url: sandbox.state.sigstore.rekorV2Url,
      majorApiVersion: 2
    })
  })

  it('serve a GitHub-like trusted root: the same Fulcio and TSA, no transparency or CT log', async () => {
    const tuf = await client('github')
    const root = JSON.parse(await tuf.getTarget('trusted_root.json'))
    expect(root.tlogs).toEqual([])
    expect(root.ctlogs).toEqual([])
    expect(root.certificateAuthorities[0].uri).toBe(`${sandbox.state.sigstore.fulcioUrl}/github`)
    expect(root.timestampAuthorities[0].uri).toBe(
      `${sandbox.state.sigstore.tsaUrl}/api/v1/timestamp`
    )
    await expect(tuf.getTarget('signing_config.v0.2.json')).rejects.toThrow(/not found/)
  })

  it('lay files out as tuf-js fetches them: versioned root, consistent snapshots, hash-prefixed targets', async () => {
    sandbox.clearRequests()
    const tuf = await client('publicGood')
    await tuf.getTarget('trusted_root.json')
    const paths = sandbox
      .requests()
      .filter((r) => r.service === 'tuf-public-good')
      .map((r) => r.path)
    expect(paths).toEqual([
      '/2.root.json',
      '/timestamp.json',
      '/1.snapshot.json',
      '/1.targets.json',
      expect.stringMatching(/^\/targets\/[0-9a-f]{64}\.trusted_root\.json$/)
    ])
    const root = JSON.parse(readFileSync(sandbox.state.tuf.publicGood.rootPath, 'utf8'))
    expect(root.signed).toMatchObject({ _type: 'root', version: 1, consistent_snapshot: true })
  })

  const refused: [TufFault, RegExp][] = [
    ['expired', /expired/],
    ['unsigned', /timestamp was signed by 0\/1 keys/],
    ['tampered', /targets was signed by 0\/1 keys/]
  ]
  it.each(refused)('refuses %s metadata', async (fault, message) => {
    sandbox.tuf.github.setFault(fault)
    const error = await client('github').then(
      (tuf) => tuf.getTarget('trusted_root.json'),
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(Error)
    expect(String((error as Error).message)).toMatch(message)
  })

  it('refuses a rolled-back timestamp once it has seen a newer one', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'tuf-cache-'))
    await (await client('publicGood', cache)).getTarget('trusted_root.json')
    sandbox.tuf.publicGood.setFault('rollback')
    await expect(client('publicGood', cache)).rejects.toThrow(/version/)
    // A client that never saw the newer timestamp cannot tell: rollback protection is per cache.
    await expect(client('publicGood')).resolves.toBeDefined()
  })

  it('take faults through the control endpoint too', async () => {
    const put = (repo: string, body: object) =>
      fetch(`${sandbox.state.control.url}/tuf/${repo}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    expect((await put('github', { fault: 'expired' })).status).toBe(200)
    expect(sandbox.tuf.github.repository.fault()).toBe('expired')
    await expect(client('github')).rejects.toThrow(/expired/)
    expect((await put('github', { fault: 'stale' })).status).toBe(400)
    expect((await put('elsewhere', { fault: 'none' })).status).toBe(404)
  })
})
