/**
 * Every subject hashed once, in process: a local file from disk, a generated file from memory, and
 * a release asset downloaded through the action's own client from the GitHub stand-in (which
 * computes GitHub's `digest`). A digest GitHub reports must agree with the bytes, and a local file
 * must not differ from an asset already uploaded under its name.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AssetsClient, type Asset } from '../../../src/github/assets.js'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import type { Log } from '../../../src/log.js'
import { hashSubjects } from '../../../src/plan/hash.js'
import type { Subject } from '../../../src/plan/subjects.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/hash'
const sha = (bytes: string): string => createHash('sha256').update(bytes).digest('hex')
let h: Harness
let assets: AssetsClient
let uploaded: Asset
let dir: string
const lines: string[] = []
const log: Log = {
  info: (message) => void lines.push(message),
  warning: (message) => void lines.push(message),
  debug: () => undefined,
  group: (_title, fn) => fn()
}

beforeAll(async () => {
  h = await startHarness()
  const { octokit } = createOctokit({ token: h.gh.token, apiUrl: h.gh.apiUrl, log })
  assets = new AssetsClient(new RepoApi(octokit, { owner: 'octo-org', repo: 'hash' }))
  const release = h.gh.createRelease(REPO, { tag: 'v1', draft: true })
  await h.gh.uploadAsset(REPO, release.id, 'app.tar.gz', 'app v1')
  ;[uploaded] = (await assets.list(release.id)) as [Asset]
  dir = await mkdtemp(join(tmpdir(), 'hash-'))
  await writeFile(join(dir, 'app.tar.gz'), 'app v1')
  await writeFile(join(dir, 'other.tar.gz'), 'app v2')
})
afterAll(async () => {
  await h.close()
})

const hash = (subjects: Subject[]) => hashSubjects(subjects, assets, log, 2)

describe('hashSubjects', () => {
  it('hashes an asset, a local file and a generated file, in order, logging each digest', async () => {
    lines.length = 0
    const hashed = await hash([
      { kind: 'asset', name: 'app.tar.gz', asset: uploaded },
      { kind: 'file', name: 'other.tar.gz', path: join(dir, 'other.tar.gz'), size: 6 },
      { kind: 'generated', name: 'SHA256SUMS', content: Buffer.from('sums\n') }
    ])
    expect(hashed.map((s) => [s.name, s.sha256, s.size])).toEqual([
      ['app.tar.gz', sha('app v1'), 6],
      ['other.tar.gz', sha('app v2'), 6],
      ['SHA256SUMS', sha('sums\n'), 5]
    ])
    expect(uploaded.digest).toBe(sha('app v1'))
    expect(lines).toContainEqual(
      expect.stringMatching(`^app.tar.gz: sha256 ${sha('app v1')} \\(6 B, `)
    )
  })

  it("refuses an asset whose bytes disagree with GitHub's digest", async () => {
    const wrong = { ...uploaded, digest: sha('something else') }
    await expect(hash([{ kind: 'asset', name: 'app.tar.gz', asset: wrong }])).rejects.toMatchObject(
      {
        code: 'ASSET_MISMATCH',
        message: `Asset 'app.tar.gz' downloaded with SHA-256 ${sha('app v1')}, but GitHub reports ${sha('something else')}`
      }
    )
  })

  it('hashes an asset GitHub has no digest for', async () => {
    const [hashed] = await hash([
      { kind: 'asset', name: 'app.tar.gz', asset: { ...uploaded, digest: undefined } }
    ])
    expect(hashed?.sha256).toBe(sha('app v1'))
  })

  it('takes a local file identical to the asset already uploaded, and refuses one that differs', async () => {
    const same = await hash([
      {
        kind: 'file',
        name: 'app.tar.gz',
        path: join(dir, 'app.tar.gz'),
        size: 6,
        existing: uploaded
      }
    ])
    expect(same[0]?.sha256).toBe(uploaded.digest)
    await expect(
      hash([
        {
          kind: 'file',
          name: 'app.tar.gz',
          path: join(dir, 'other.tar.gz'),
          size: 6,
          existing: uploaded
        }
      ])
    ).rejects.toMatchObject({
      code: 'ASSET_MISMATCH',
      message: `The release already has an asset 'app.tar.gz' with other content than ${join(dir, 'other.tar.gz')}`
    })
    // An upload that never finished is no content: it will be replaced.
    const [unfinished] = await hash([
      {
        kind: 'file',
        name: 'app.tar.gz',
        path: join(dir, 'other.tar.gz'),
        size: 6,
        existing: { ...uploaded, state: 'starter' }
      }
    ])
    expect(unfinished?.sha256).toBe(sha('app v2'))
  })

  it('reads an uploaded asset GitHub has no digest for before judging a local file of its name', async () => {
    const undigested = { ...uploaded, digest: undefined }
    const file = (name: string): Subject => ({
      kind: 'file',
      name: 'app.tar.gz',
      path: join(dir, name),
      size: 6,
      existing: undigested
    })
    const [same] = await hash([file('app.tar.gz')])
    expect(same?.sha256).toBe(sha('app v1'))
    await expect(hash([file('other.tar.gz')])).rejects.toMatchObject({ code: 'ASSET_MISMATCH' })
  })

  it('fails for a local file that disappeared after planning', async () => {
    await expect(
      hash([{ kind: 'file', name: 'gone', path: join(dir, 'gone'), size: 1 }])
    ).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
