/**
 * GitHub Enterprise: the sandbox stands in for a server other than github.com. On a GHE.com-like
 * tenant, `sigstore: github` signs (through the instance's TUF repository) with the SAN and the
 * source repository under the tenant's host, and the summary's commands name it. On a GHES-like
 * server (the API under /api/v3, no attestations API), `auto` refuses and `custom` works.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { X509Certificate } from '@sigstore/core'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { codeOf, errorsOf, runAction, sandboxInputs } from '../../sandbox/runner.js'
import { GitHubHelper, type AssetJson } from '../../sandbox/releases-client.js'
import { fulcioCalls, writes } from '../helpers/sandbox.js'

const LIMITS = {
  secondaryLimits: { perMinute: 100000, perHour: 100000 },
  primaryLimit: 100000
}

/** The signing certificate of the bundle beside `name` on the release. */
async function certificateOf(
  gh: GitHubHelper,
  releaseId: number,
  name: string
): Promise<X509Certificate> {
  const assets = await gh.assets(releaseId)
  const bundleAsset = assets.find((a) => a.name === `${name}.sigstore.json`) as AssetJson
  const bundle = JSON.parse((await gh.download(bundleAsset)).toString()) as {
    verificationMaterial: { certificate: { rawBytes: string } }
  }
  return X509Certificate.parse(
    Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64')
  )
}

/** Fulcio's Source Repository URI extension (a DER UTF8String). */
function sourceRepository(cert: X509Certificate): string | undefined {
  const value = cert.extension('1.3.6.1.4.1.57264.1.12')?.value
  return value?.subarray(2).toString('utf8')
}

describe('a GHE.com-like tenant (https://octo.ghe.com)', () => {
  let sandbox: Sandbox
  let gh: GitHubHelper
  beforeAll(async () => {
    sandbox = await startSandbox({ serverUrl: 'https://octo.ghe.com', ...LIMITS })
    gh = new GitHubHelper(sandbox)
  })
  afterAll(async () => {
    await sandbox.close()
  })

  it("signs with sigstore: github under the tenant's host, and the summary's commands name it", async () => {
    expect(sandbox.env.GITHUB_SERVER_URL).toBe('https://octo.ghe.com')
    const release = await gh.createRelease('v1.0.0')
    await gh.upload(release, 'tenant.tar.gz', 'built on the tenant')
    const run = await runAction(sandbox, {
      ...sandboxInputs(sandbox),
      'release-id': String(release.id),
      sigstore: 'github',
      'signing-config': '',
      'trusted-root': '',
      'tuf-mirror': sandbox.state.tuf.github.mirror,
      'tuf-root': sandbox.state.tuf.github.rootPath
    })
    expect(errorsOf(run)).toBe('')
    const repository = sandbox.state.context.repository
    const cert = await certificateOf(gh, release.id, 'tenant.tar.gz')
    expect(cert.subjectAltName).toMatch(
      new RegExp(`^https://octo\\.ghe\\.com/${repository}/\\.github/workflows/`)
    )
    expect(sourceRepository(cert)).toBe(`https://octo.ghe.com/${repository}`)
    expect(run.stdout).toContain('Signing identity: https://octo.ghe.com/')
    expect(run.summary).toContain('--server-url https://octo.ghe.com')
    expect(run.summary).toContain('https://octo.ghe.com/' + repository)
  })
})

describe('a GHES-like server (API under /api/v3, no attestations API)', () => {
  let sandbox: Sandbox
  let gh: GitHubHelper
  beforeAll(async () => {
    sandbox = await startSandbox({
      serverUrl: 'https://ghes.example.com',
      apiPath: '/api/v3',
      ...LIMITS
    })
    gh = new GitHubHelper(sandbox)
    sandbox.github.repo(sandbox.state.context.repository).attestationsApi = false
  })
  afterAll(async () => {
    await sandbox.close()
  })

  it('serves the API under /api/v3 only', async () => {
    const apiUrl = sandbox.env.GITHUB_API_URL ?? ''
    expect(apiUrl).toMatch(/\/api\/v3$/)
    expect(sandbox.env.GITHUB_SERVER_URL).toBe('https://ghes.example.com')
    const path = `/repos/${sandbox.state.context.repository}`
    const headers = { authorization: `Bearer ${sandbox.state.github.token}` }
    expect((await fetch(`${apiUrl}${path}`, { headers })).status).toBe(200)
    expect((await fetch(`${new URL(apiUrl).origin}${path}`, { headers })).status).toBe(404)
  })

  it('refuses sigstore: auto, naming the fix, before anything is signed or written', async () => {
    const release = await gh.createRelease('v2.0.0')
    await gh.upload(release, 'server.bin', 'enterprise')
    sandbox.clearRequests()
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      sigstore: 'auto',
      'signing-config': '',
      'trusted-root': ''
    })
    expect(codeOf(run)).toBe('INPUT_INVALID')
    expect(errorsOf(run)).toContain('GitHub Enterprise Server')
    expect(fulcioCalls(sandbox)).toBe(0)
    expect(writes(sandbox)).toBe(0)
  })

  it('signs end to end with sigstore: custom; attestations: auto warns that the API is absent', async () => {
    const release = await gh.createRelease('v2.1.0')
    await gh.upload(release, 'server.tar.gz', 'enterprise build')
    const run = await runAction(
      sandbox,
      {
        ...sandboxInputs(sandbox),
        'release-id': String(release.id),
        provenance: 'true',
        attestations: 'auto',
        publish: 'true'
      },
      { RUNNER_TEMP: await mkdtemp(join(tmpdir(), 'runner-temp-')) }
    )
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toMatch(/::warning::.*attestations API is not available/)
    expect(run.outputs['attestation-id']).toBe('')
    expect(run.outputs.published).toBe('true')
    const names = (await gh.assets(release.id)).map((a) => a.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'server.tar.gz.sigstore.json',
        'server.tar.gz.sig',
        'server.tar.gz.pem',
        'multiple.intoto.jsonl'
      ])
    )
    const cert = await certificateOf(gh, release.id, 'server.tar.gz')
    expect(cert.subjectAltName).toMatch(/^https:\/\/ghes\.example\.com\//)
    expect(run.summary).toContain('--server-url https://ghes.example.com')
  })
})
