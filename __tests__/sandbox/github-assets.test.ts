/** The GitHub stand-in's release assets: uploads, names, limits, listing and downloads. */
import { createHash, randomBytes } from 'node:crypto'
import { readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request as httpRequest, type ClientRequest } from 'node:http'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ReleaseJson } from '../../sandbox/github/index.js'
import { STARTER_QUOTE } from './github-openapi.js'
import {
  checkAll,
  expectStatus,
  octokit,
  openApi,
  startHarness,
  type Harness,
  type Octokit
} from './github-harness.js'

const owner = 'octo'

/** Uploads as the action does: POST to the release's upload_url template. */
function upload(
  gh: Octokit,
  release: ReleaseJson,
  name: string,
  data: Buffer | Readable,
  length: number,
  contentType = 'application/octet-stream'
) {
  return gh.request({
    method: 'POST',
    url: release.upload_url,
    name,
    headers: { 'content-type': contentType, 'content-length': length },
    data
  })
}

/** A hand-made upload request, for what Octokit will not send. */
function rawUpload(
  url: string,
  headers: Record<string, string | number>,
  send: (req: ClientRequest) => void
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        // The request may still be open (an answer before the body): it is done with.
        req.destroy()
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
        })
      })
    })
    req.on('error', reject)
    send(req)
  })
}

function uploadUrl(release: ReleaseJson, name: string): string {
  return release.upload_url.replace('{?name,label}', `?name=${encodeURIComponent(name)}`)
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

describe('GitHub stand-in: release assets', () => {
  let h: Harness
  let gh: Octokit

  beforeAll(async () => {
    h = await startHarness()
    gh = octokit(h.gh, h.gh.token)
  })

  afterAll(async () => {
    await h.close()
    const results = checkAll(h.exchanges)
    const operations = new Set(results.map((r) => r.operationId))
    for (const id of [
      'repos/upload-release-asset',
      'repos/list-release-assets',
      'repos/get-release-asset',
      'repos/update-release-asset',
      'repos/delete-release-asset'
    ]) {
      expect(operations).toContain(id)
    }
  })

  it('stores an upload with size, state and digest, under the name GitHub would give it', async () => {
    const release = h.gh.createRelease(`${owner}/assets`, { tag: 'v1', draft: true })
    const content = Buffer.from('hello release\n')
    const { status, data } = await gh.rest.repos.uploadReleaseAsset({
      owner,
      repo: 'assets',
      release_id: release.id,
      url: release.upload_url,
      name: 'My App 1.0 (x64)~rc1.tar.gz',
      label: 'The app',
      data: content as unknown as string,
      headers: { 'content-type': 'application/gzip', 'content-length': content.length }
    })
    expect(status).toBe(201)
    expect(data).toMatchObject({
      name: 'My.App.1.0.x64.rc1.tar.gz',
      label: 'The app',
      state: 'uploaded',
      size: content.length,
      content_type: 'application/gzip',
      digest: `sha256:${sha256(content)}`,
      download_count: 0,
      uploader: { login: 'github-actions[bot]', type: 'Bot' }
    })
    expect(data.browser_download_url).toMatch(
      new RegExp(
        `^${h.gh.serverUrl}/${owner}/assets/releases/download/untagged-[0-9a-f]+/My\\.App\\.1\\.0\\.x64\\.rc1\\.tar\\.gz$`
      )
    )
    const { data: dotfile } = await upload(gh, release, '.config', Buffer.from('x'), 1)
    expect(dotfile.name).toBe('default.config')
    const { data: listed } = await gh.rest.repos.listReleaseAssets({
      owner,
      repo: 'assets',
      release_id: release.id
    })
    expect(listed.map((a) => a.name)).toEqual(['My.App.1.0.x64.rc1.tar.gz', 'default.config'])
  })

  it('refuses a name that is taken, also after rewriting, with 422 already_exists', async () => {
    const release = h.gh.createRelease(`${owner}/assets`, { tag: 'v2', draft: true })
    await h.gh.uploadAsset(`${owner}/assets`, release.id, 'a.b.txt', 'first')
    const taken = await expectStatus(upload(gh, release, 'a b.txt', Buffer.from('second'), 6))
    expect(taken.status).toBe(422)
    expect(taken.data).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
      documentation_url: 'https://docs.github.com/rest/releases/assets#upload-a-release-asset',
      status: '422'
    })
    await expect(
      h.gh.uploadAsset(`${owner}/assets`, release.id, 'a.b.txt', 'again')
    ).rejects.toThrow('Validation Failed')
  })

  it('renames and relabels through PATCH with the same rules, and deletes', async () => {
    const release = h.gh.createRelease(`${owner}/assets`, { tag: 'v3', draft: true })
    const one = await h.gh.uploadAsset(`${owner}/assets`, release.id, 'one.txt', '1')
    await h.gh.uploadAsset(`${owner}/assets`, release.id, 'two.txt', '2')
    const { data } = await gh.rest.repos.updateReleaseAsset({
      owner,
      repo: 'assets',
      asset_id: one.id,
      name: 'uno (1).txt',
      label: 'first'
    })
    expect(data).toMatchObject({ name: 'uno.1.txt', label: 'first' })
    const clash = await expectStatus(
      gh.rest.repos.updateReleaseAsset({ owner, repo: 'assets', asset_id: one.id, name: 'two.txt' })
    )
    expect(clash.status).toBe(422)
    expect(clash.data).toMatchObject({ errors: [{ code: 'already_exists', field: 'name' }] })
    expect(
      (await gh.rest.repos.deleteReleaseAsset({ owner, repo: 'assets', asset_id: one.id })).status
    ).toBe(204)
    const gone = await expectStatus(
      gh.rest.repos.getReleaseAsset({ owner, repo: 'assets', asset_id: one.id })
    )
    expect(gone.status).toBe(404)
  })

  it('paginates over more than 100 assets with per_page up to 100 and Link headers', async () => {
    const release = h.gh.createRelease(`${owner}/many`, { tag: 'v1', draft: true })
    for (let i = 0; i < 150; i++) {
      await h.gh.uploadAsset(
        `${owner}/many`,
        release.id,
        `file-${String(i).padStart(3, '0')}.txt`,
        `${i}`
      )
    }
    const ref = { owner, repo: 'many', release_id: release.id }
    const byDefault = await gh.rest.repos.listReleaseAssets(ref)
    expect(byDefault.data).toHaveLength(30)
    expect(byDefault.headers.link).toContain('page=5>; rel="last"')
    const capped = await gh.rest.repos.listReleaseAssets({ ...ref, per_page: 500 })
    expect(capped.data).toHaveLength(100)
    expect(capped.headers.link).toMatch(
      /per_page=500&page=2>; rel="next", <[^>]+page=2>; rel="last"$/
    )
    const all = await gh.paginate(gh.rest.repos.listReleaseAssets, { ...ref, per_page: 100 })
    expect(all).toHaveLength(150)
    expect(all.map((a) => a.name)).toEqual(
      Array.from({ length: 150 }, (_, i) => `file-${String(i).padStart(3, '0')}.txt`)
    )
  })

  it('downloads through the API: 302 to signed storage that streams the bytes', async () => {
    const release = h.gh.createRelease(`${owner}/download`, { tag: 'v1', draft: true })
    const content = Buffer.from('bytes to fetch')
    const asset = await h.gh.uploadAsset(`${owner}/download`, release.id, 'data.bin', content)
    // As the action reads it: Octokit follows the redirect, without the token, to storage.
    const response = await gh.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
      owner,
      repo: 'download',
      asset_id: asset.id,
      headers: { accept: 'application/octet-stream' },
      request: { parseSuccessResponseBody: false }
    })
    const body = Readable.fromWeb(response.data as unknown as WebReadableStream<Uint8Array>)
    expect(await bytesOf(body)).toEqual(content)

    const manual = await fetch(asset.url, {
      headers: { authorization: `token ${h.gh.token}`, accept: 'application/octet-stream' },
      redirect: 'manual'
    })
    expect(manual.status).toBe(302)
    const location = manual.headers.get('location') ?? ''
    expect(location.startsWith(`${h.gh.serverUrl}/_storage/release-assets/${asset.id}?`)).toBe(true)
    const stored = await fetch(location)
    expect(stored.headers.get('content-disposition')).toBe('attachment; filename=data.bin')
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(content)
    const forged = await fetch(location.replace(/sig=[0-9a-f]/, 'sig=x'))
    expect(forged.status).toBe(403)
    await forged.body?.cancel()
    const { data: json } = await gh.rest.repos.getReleaseAsset({
      owner,
      repo: 'download',
      asset_id: asset.id
    })
    expect(json.download_count).toBe(2)
    expect(await h.gh.readAsset(`${owner}/download`, asset.id)).toEqual(content)
  })

  it('serves a large asset from storage byte for byte, to a client that leaves early too', async () => {
    // Random bytes in several of storage's recycled buffers: one reused too soon would show.
    const content = randomBytes(9 * 1024 * 1024 + 3)
    const release = h.gh.createRelease(`${owner}/storage`, { tag: 'v1', draft: true })
    const asset = await h.gh.uploadAsset(`${owner}/storage`, release.id, 'big.bin', content)
    const auth = { authorization: `token ${h.gh.token}`, accept: 'application/octet-stream' }
    const location = async (): Promise<string> =>
      (await fetch(asset.url, { headers: auth, redirect: 'manual' })).headers.get('location') ?? ''
    const leaving = await fetch(await location())
    const reader = leaving.body?.getReader()
    expect((await reader?.read())?.done).toBe(false)
    await reader?.cancel()
    const whole = await fetch(await location())
    expect(whole.headers.get('content-length')).toBe(String(content.length))
    expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true)
    const head = await fetch(await location(), { method: 'HEAD' })
    expect(head.status).toBe(200)
  })

  it('serves browser_download_url for published releases of public repositories only', async () => {
    const repo = `${owner}/web`
    const release = h.gh.createRelease(repo, { tag: 'v1/beta', draft: true })
    const asset = await h.gh.uploadAsset(repo, release.id, 'tool.zip', 'zip bytes')
    expect((await fetch(asset.browser_download_url)).status).toBe(404)
    h.gh.publishRelease(repo, release.id)
    const [published] = h.gh.listAssets(repo, release.id)
    const url = published?.browser_download_url ?? ''
    expect(url).toBe(`${h.gh.serverUrl}/${repo}/releases/download/v1%2Fbeta/tool.zip`)
    const download = await fetch(url)
    expect(download.status).toBe(200)
    expect(download.url.startsWith(`${h.gh.serverUrl}/_storage/`)).toBe(true)
    expect(await download.text()).toBe('zip bytes')
    expect((await fetch(url.replace('tool.zip', 'other.zip'))).status).toBe(404)
    h.gh.repo(repo).visibility = 'private'
    expect((await fetch(url)).status).toBe(404)
  })

  it('refuses to add, change or delete assets of a published immutable release', async () => {
    const repo = `${owner}/immutable`
    h.gh.repo(repo).immutableReleases = true
    const draft = h.gh.createRelease(repo, { tag: 'v1', draft: true })
    const asset = await h.gh.uploadAsset(repo, draft.id, 'app.tar.gz', 'app')
    const release = h.gh.publishRelease(repo, draft.id)
    expect(release.immutable).toBe(true)
    const added = await expectStatus(upload(gh, release, 'late.txt', Buffer.from('late'), 4))
    expect(added.status).toBe(422)
    expect(added.data).toMatchObject({ message: 'Cannot upload assets to an immutable release' })
    const ref = { owner, repo: 'immutable', asset_id: asset.id }
    expect((await expectStatus(gh.rest.repos.deleteReleaseAsset(ref))).status).toBe(422)
    expect(
      (await expectStatus(gh.rest.repos.updateReleaseAsset({ ...ref, name: 'x' }))).status
    ).toBe(422)
    expect(h.gh.listAssets(repo, release.id).map((a) => a.name)).toEqual(['app.tar.gz'])
  })

  it('holds at most 1000 assets a release', async () => {
    const repo = `${owner}/full`
    const release = h.gh.createRelease(repo, { tag: 'v1', draft: true })
    for (let i = 0; i < 999; i++) await h.gh.uploadAsset(repo, release.id, `f${i}`, '')
    expect((await upload(gh, release, 'last', Buffer.from('1'), 1)).status).toBe(201)
    const over = await expectStatus(upload(gh, release, 'over', Buffer.from('1'), 1))
    expect(over.status).toBe(422)
    expect(over.data).toMatchObject({
      errors: [
        {
          resource: 'ReleaseAsset',
          field: 'file_count',
          message: 'file_count limited to 1000 assets per release'
        }
      ]
    })
  })

  it('leaves a dropped upload as a starter asset that holds its name until deleted', async () => {
    expect(openApi().spec.paths['/repos/{owner}/{repo}/releases/{release_id}/assets']).toBeDefined()
    const description = JSON.stringify(
      openApi().spec.paths['/repos/{owner}/{repo}/releases/{release_id}/assets']
    )
    expect(description).toContain(STARTER_QUOTE)

    const repo = `${owner}/dropped`
    const release = h.gh.createRelease(repo, { tag: 'v1', draft: true })
    const started = h.received(100)
    const dropped = rawUpload(
      uploadUrl(release, 'big.bin'),
      {
        authorization: `token ${h.gh.token}`,
        'content-type': 'application/octet-stream',
        'content-length': 1000
      },
      (req) => {
        req.write(Buffer.alloc(100))
        void started.then(() => req.destroy())
      }
    )
    await expect(dropped).rejects.toThrow()
    const ref = { owner, repo: 'dropped', release_id: release.id }
    const [starter] = (await gh.rest.repos.listReleaseAssets(ref)).data
    expect(starter).toMatchObject({ name: 'big.bin', state: 'starter', size: 0, digest: null })
    if (!starter) throw new Error('no starter asset')
    const blocked = await expectStatus(upload(gh, release, 'big.bin', Buffer.from('x'), 1))
    expect(blocked.status).toBe(422)
    const noBytes = await expectStatus(
      gh.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
        owner,
        repo: 'dropped',
        asset_id: starter.id,
        headers: { accept: 'application/octet-stream' }
      })
    )
    expect(noBytes.status).toBe(404)
    await gh.rest.repos.deleteReleaseAsset({ owner, repo: 'dropped', asset_id: starter.id })
    expect((await upload(gh, release, 'big.bin', Buffer.from('x'), 1)).data.state).toBe('uploaded')
  })

  it('streams a 50 MiB upload to disk while it arrives, hashing it on the way', async () => {
    const size = 50 * 1024 * 1024
    const chunk = Buffer.alloc(1024 * 1024, 7)
    const expected = createHash('sha256')
    for (let i = 0; i < 50; i++) expected.update(chunk)
    const halfway = h.received(size / 2)
    // The second half is only sent once the stand-in has taken in the first: a handler that
    // buffered the body before writing would never get there.
    async function* body(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 50; i++) {
        if (i === 25) await halfway
        yield chunk
      }
    }
    const release = h.gh.createRelease(`${owner}/large`, { tag: 'v1', draft: true })
    const { data } = await upload(gh, release, 'large.bin', Readable.from(body()), size)
    expect(data).toMatchObject({
      size,
      state: 'uploaded',
      digest: `sha256:${expected.digest('hex')}`
    })
    const downloaded = createHash('sha256')
    for await (const piece of h.gh.assetStream(`${owner}/large`, data.id))
      downloaded.update(piece as Buffer)
    expect(`sha256:${downloaded.digest('hex')}`).toBe(data.digest)
  })

  it("with spareFiles, writes a large upload over a deleted large asset's file, and serves exactly the new bytes", async () => {
    const spares = await startHarness({ spareFiles: true })
    try {
      const client = octokit(spares.gh, spares.gh.token)
      const assets = join(spares.dir, 'assets')
      const repo = `${owner}/spares`
      const release = spares.gh.createRelease(repo, { tag: 'v1', draft: true })
      const first = randomBytes(66 * 1024 * 1024)
      const { data: old } = await upload(client, release, 'old.bin', first, first.length)
      const { ino } = await stat(join(assets, String(old.id)))
      await client.rest.repos.deleteReleaseAsset({ owner, repo: 'spares', asset_id: old.id })
      // Shorter than the file it is written over: nothing of the old bytes may follow it.
      const second = randomBytes(65 * 1024 * 1024)
      const { data: next } = await upload(client, release, 'next.bin', second, second.length)
      const path = join(assets, String(next.id))
      expect((await stat(path)).ino).toBe(ino)
      expect((await stat(path)).size).toBe(second.length)
      const downloaded = createHash('sha256')
      for await (const piece of spares.gh.assetStream(repo, next.id))
        downloaded.update(piece as Buffer)
      const expected = createHash('sha256').update(second).digest('hex')
      expect(downloaded.digest('hex')).toBe(expected)
      expect(next).toMatchObject({ size: second.length, digest: `sha256:${expected}` })
      // A small asset's file is removed with it, not kept.
      const { data: small } = await upload(client, release, 'small.bin', Buffer.from('small'), 5)
      await client.rest.repos.deleteReleaseAsset({ owner, repo: 'spares', asset_id: small.id })
      expect((await readdir(assets)).filter((f) => f.startsWith(String(small.id)))).toEqual([])
    } finally {
      await spares.close()
    }
  })

  it("removes a deleted large asset's file when spare files are not asked for", async () => {
    const repo = `${owner}/no-spares`
    const release = h.gh.createRelease(repo, { tag: 'v1', draft: true })
    const bytes = randomBytes(65 * 1024 * 1024)
    const { data } = await upload(gh, release, 'large.bin', bytes, bytes.length)
    await gh.rest.repos.deleteReleaseAsset({ owner, repo: 'no-spares', asset_id: data.id })
    expect(
      (await readdir(join(h.dir, 'assets'))).filter((f) => f.startsWith(String(data.id)))
    ).toEqual([])
  })

  it('offers the same operations to tests and the demo without HTTP', async () => {
    const repo = `${owner}/helpers`
    const file = join(h.dir, 'artifact.tar.gz')
    await writeFile(file, 'artifact bytes')
    const release = h.gh.createRelease(repo, { tag: 'v1', name: 'One', body: 'notes', draft: true })
    const asset = await h.gh.uploadAssetFromFile(repo, release.id, 'artifact.tar.gz', file, {
      contentType: 'application/gzip',
      label: 'Artifact'
    })
    expect(asset).toMatchObject({ size: 14, label: 'Artifact', content_type: 'application/gzip' })
    expect(h.gh.getRelease(repo, release.id)).toMatchObject({
      name: 'One',
      body: 'notes',
      assets: [asset]
    })
    expect((await readdir(join(h.dir, 'assets'))).includes(String(asset.id))).toBe(true)
    await h.gh.deleteRelease(repo, release.id)
    expect((await readdir(join(h.dir, 'assets'))).includes(String(asset.id))).toBe(false)
    expect(() => h.gh.getRelease(repo, release.id)).toThrow('Not Found')
  })

  it('answers malformed uploads as GitHub does', async () => {
    const release = h.gh.createRelease(`${owner}/malformed`, { tag: 'v1', draft: true })
    const auth = { authorization: `token ${h.gh.token}` }
    const tooBig = await rawUpload(
      uploadUrl(release, 'huge.iso'),
      { ...auth, 'content-type': 'application/octet-stream', 'content-length': 2 * 1024 ** 3 + 1 },
      (req) => req.flushHeaders()
    )
    expect(tooBig.status).toBe(422)
    expect(tooBig.body).toMatchObject({
      errors: [{ field: 'size', message: 'size must be less than or equal to 2147483648' }]
    })
    const noName = await rawUpload(
      release.upload_url.replace('{?name,label}', ''),
      { ...auth, 'content-type': 'text/plain', 'content-length': 1 },
      (req) => req.end('x')
    )
    expect(noName.body).toMatchObject({ errors: [{ code: 'missing_field', field: 'name' }] })
    const noType = await rawUpload(
      uploadUrl(release, 'a'),
      { ...auth, 'content-length': 1 },
      (req) => req.end('x')
    )
    expect(noType.body).toMatchObject({
      errors: [{ code: 'missing_field', field: 'content_type' }]
    })
    const chunked = await rawUpload(
      uploadUrl(release, 'a'),
      { ...auth, 'content-type': 'text/plain' },
      (req) => {
        req.write('x')
        req.end()
      }
    )
    expect(chunked.status).toBe(411)
    const noRelease = await rawUpload(
      `${h.gh.uploadUrl}/repos/${owner}/malformed/releases/1/assets?name=a`,
      { ...auth, 'content-type': 'text/plain', 'content-length': 1 },
      (req) => req.end('x')
    )
    expect(noRelease.status).toBe(404)
    // Uploads go to the upload host only.
    const onApi = await fetch(
      `${h.gh.apiUrl}/repos/${owner}/malformed/releases/${release.id}/assets?name=a`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: 'x'
      }
    )
    expect(onApi.status).toBe(404)
    expect(await onApi.json()).toMatchObject({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest'
    })
  })
})
