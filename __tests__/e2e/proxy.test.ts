/**
 * A runner that reaches the network only through a proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY): the
 * action's own requests (the OIDC token, downloads from release storage, uploads of local files) go
 * through it, as Octokit's and sigstore-js's do on their own; hosts NO_PROXY names are reached
 * directly. The sandbox's forward proxy records where each request went.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startForwardProxy, type ForwardProxy } from '../../sandbox/http/proxy.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { useSandbox } from '../helpers/sandbox.js'
import { sha256 } from '../helpers/verify.js'

const t = useSandbox({ series: 91 })
let proxy: ForwardProxy

beforeAll(async () => {
  proxy = await startForwardProxy()
})
afterAll(async () => {
  await proxy.close()
})

const target = (url: string): string => {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port}`
}

/** A draft with one asset on it and one local file to upload, and the inputs that sign both. */
async function releaseWithLocalFile(): Promise<{ id: number; inputs: Record<string, string> }> {
  const release = await t.draft({ 'remote.bin': 'bytes already on the release' })
  const dir = `${t.sandbox.env.GITHUB_WORKSPACE}/proxy-${release.id}`
  await mkdir(dir, { recursive: true })
  await writeFile(`${dir}/local.bin`, 'local bytes')
  return {
    id: release.id,
    inputs: { 'release-id': String(release.id), files: `proxy-${release.id}/*.bin` }
  }
}

describe('behind a proxy', () => {
  it('sends its own requests through HTTPS_PROXY and HTTP_PROXY, and says so', async () => {
    const { id, inputs } = await releaseWithLocalFile()
    proxy.targets.length = 0
    const run = await runAction(t.sandbox, inputs, {
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url
    })
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain(`Proxy: HTTPS_PROXY=${proxy.url}, HTTP_PROXY=${proxy.url}`)
    const { oidc, github } = t.sandbox.state
    expect(proxy.targets).toContain(target(oidc.requestUrl))
    expect(proxy.targets).toContain(target(github.serverUrl)) // release storage
    expect(proxy.targets).toContain(target(github.uploadUrl)) // the local file's upload
    // sigstore-js's own client (make-fetch-happen) reads the same variables.
    for (const url of [t.sandbox.state.sigstore.fulcioUrl, t.sandbox.state.sigstore.rekorUrl])
      expect(proxy.targets).toContain(target(url))
    const assets = await t.gh.assets(id)
    const names = assets.map((a) => a.name)
    expect(names).toEqual(
      expect.arrayContaining(['remote.bin.sigstore.json', 'local.bin', 'local.bin.sigstore.json'])
    )
    expect(assets.find((a) => a.name === 'local.bin')?.digest).toBe(
      `sha256:${sha256(Buffer.from('local bytes'))}`
    )
  })

  it('reaches the hosts NO_PROXY names directly', async () => {
    const { inputs } = await releaseWithLocalFile()
    proxy.targets.length = 0
    const run = await runAction(t.sandbox, inputs, {
      https_proxy: proxy.url,
      http_proxy: proxy.url,
      no_proxy: '127.0.0.1'
    })
    expect(errorsOf(run)).toBe('')
    expect(proxy.targets).toEqual([])
  })
})
