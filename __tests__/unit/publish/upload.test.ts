/**
 * `putFiles` in process, against the GitHub stand-in through the action's own Octokit and assets
 * client: a subject's files go up proofs first, replacing ours in two phases (every new file under
 * a temporary name first, then each stale file swapped out, `.sig` first), and a write GitHub failed
 * is retried after reading the release back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { AssetsClient, type Asset } from '../../../src/github/assets.js'
import { createOctokit } from '../../../src/github/octokit.js'
import type { Release } from '../../../src/github/releases.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'
import { tempName } from '../../../src/names.js'
import { putFiles, type UploadRequest } from '../../../src/publish/upload.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/upload'
let h: Harness
let assets: AssetsClient
let release: Release

const NAMES = ['app.sigstore.json', 'app.pem', 'app.sig']

function requests(content: string, existing: Asset[] = []): UploadRequest[] {
  return NAMES.map((name) => ({
    name,
    body: { buffer: Buffer.from(`${content} ${name}`) },
    contentType: 'application/octet-stream',
    replace: existing.find((a) => a.name === name)
  }))
}

/** The writes the stand-in served since `from` (injected faults never reach it), by file name. */
function writesSince(from: number): string[] {
  const byId = new Map<string, string>()
  for (const e of h.exchanges) {
    const id = (e.responseBody as { id?: number } | undefined)?.id
    if (e.method === 'POST' && e.service === 'uploads' && id !== undefined)
      byId.set(String(id), e.query.get('name') ?? '')
  }
  return h.exchanges.slice(from).flatMap((e) => {
    if (e.method === 'POST' && e.service === 'uploads') {
      return [`upload ${e.query.get('name') ?? ''}`]
    }
    const id = /\/assets\/(\d+)$/.exec(e.path)?.[1] ?? ''
    if (e.method === 'DELETE') return [`delete ${byId.get(id) ?? id}`]
    if (e.method === 'PATCH') return [`rename ${byId.get(id) ?? id}`]
    return []
  })
}

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '1'
  h = await startHarness()
  const { octokit } = createOctokit({ token: h.gh.token, apiUrl: h.gh.apiUrl, log: silentLog })
  const [owner = '', repo = ''] = REPO.split('/')
  assets = new AssetsClient(new RepoApi(octokit, { owner, repo }))
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await h.close()
})
beforeEach(() => {
  const json = h.gh.createRelease(REPO, { tag: `v${h.exchanges.length}`, draft: true })
  release = {
    id: json.id,
    tagName: json.tag_name,
    name: json.tag_name,
    draft: true,
    immutable: false,
    uploadUrl: json.upload_url,
    htmlUrl: json.html_url
  }
})

describe('putFiles', () => {
  it('uploads new files in the order given, proofs before the signature', async () => {
    const from = h.exchanges.length
    const landed = await putFiles(assets, release, requests('v1'))
    expect(landed.map((a) => a.name)).toEqual(NAMES)
    expect(writesSince(from)).toEqual(NAMES.map((n) => `upload ${n}`))
  })

  it('replaces files of ours in two phases: every new file first, then swaps, signature first', async () => {
    const old = await putFiles(assets, release, requests('v1'))
    const from = h.exchanges.length
    const landed = await putFiles(assets, release, requests('v2', old))

    expect(writesSince(from)).toEqual([
      ...NAMES.map((n) => `upload ${tempName(n)}`),
      'delete app.sig',
      `rename ${tempName('app.sig')}`,
      'delete app.pem',
      `rename ${tempName('app.pem')}`,
      'delete app.sigstore.json',
      `rename ${tempName('app.sigstore.json')}`
    ])
    expect(landed.map((a) => a.name)).toEqual(NAMES)
    const onRelease = h.gh.listAssets(REPO, release.id)
    expect(onRelease.map((a) => a.name).sort()).toEqual([...NAMES].sort())
    for (const a of onRelease)
      expect((await h.gh.readAsset(REPO, a.id)).toString()).toBe(`v2 ${a.name}`)
  })

  it('tries an upload again after GitHub failed it, reading the release back first', async () => {
    h.faults.add({ service: 'uploads', method: 'POST', status: 502, times: 1 })
    const from = h.exchanges.length
    const landed = await putFiles(assets, release, requests('v1').slice(0, 1))
    // The failed try never reached the stand-in; the release was read once before the next one.
    expect(writesSince(from)).toEqual(['upload app.sigstore.json'])
    const listed = h.exchanges
      .slice(from)
      .filter((e) => e.method === 'GET' && e.path.endsWith(`/releases/${release.id}/assets`))
    expect(listed).toHaveLength(1)
    expect(landed.map((a) => a.name)).toEqual(['app.sigstore.json'])
  })

  it('refuses to go on when another file took the name while GitHub failed the upload', async () => {
    h.faults.add({ service: 'uploads', method: 'POST', status: 502, times: 1 })
    const [first] = requests('v1')
    // Someone else's file is under the name when the release is read back.
    await h.gh.uploadAsset(REPO, release.id, 'app.sigstore.json', 'theirs')
    await expect(putFiles(assets, release, [first as UploadRequest])).rejects.toMatchObject({
      code: 'FOREIGN_FILE'
    })
    expect(
      (await h.gh.readAsset(REPO, h.gh.listAssets(REPO, release.id)[0]?.id ?? 0)).toString()
    ).toBe('theirs')
  })
})
