/**
 * Asset downloads: the API answers with a redirect to storage; a storage answer that stalls in the
 * middle of its body is abandoned (socket idle timeout) and the download starts again from
 * scratch; when storage keeps failing, the error names it and the asset.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { AssetsClient } from '../../../src/github/assets.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'
import { digestBuffer } from '../../../src/util/digest.js'
import { readAll } from '../../../src/util/stream.js'

const CONTENT = Buffer.from('x'.repeat(64 * 1024))
let server: Server
let baseUrl: string
/** How many storage answers stall after half the body. */
let stalls = 0
let storageRequests = 0
/** Whether storage answers with a chunked body rather than a Content-Length. */
let chunked = false

beforeAll(async () => {
  process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '300'
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '1'
  server = createServer((req, res) => {
    if (req.url?.startsWith('/repos/o/r/releases/assets/')) {
      res.writeHead(302, { location: `${baseUrl}/storage/1` }).end()
      return
    }
    storageRequests++
    if (chunked) {
      res.writeHead(200, { 'transfer-encoding': 'chunked' })
      res.end(CONTENT)
      return
    }
    res.writeHead(200, { 'content-length': CONTENT.length })
    if (stalls > 0) {
      stalls--
      res.write(CONTENT.subarray(0, CONTENT.length / 2)) // and nothing more
      return
    }
    res.end(CONTENT)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  storageRequests = 0
})

function client(): AssetsClient {
  const { octokit } = createOctokit({ token: 't', apiUrl: baseUrl, log: silentLog })
  return new AssetsClient(new RepoApi(octokit, { owner: 'o', repo: 'r' }))
}

describe('downloading an asset', () => {
  it('starts again from scratch when storage stalls mid-body, and gets every byte once', async () => {
    stalls = 2
    const read = await client().read({ id: 1, name: 'a.bin' }, (s) => readAll(s, 1 << 20))
    expect(read.equals(CONTENT)).toBe(true)
    expect(storageRequests).toBe(3)
  })

  it('gives up after a bounded number of tries, naming the storage and the asset', async () => {
    stalls = 100
    await expect(
      client().read({ id: 1, name: 'a.bin' }, (s) => readAll(s, 1 << 20))
    ).rejects.toMatchObject({
      code: 'GITHUB_UNAVAILABLE',
      message: expect.stringMatching(/"a\.bin".*GitHub release storage/)
    })
    expect(storageRequests).toBe(4)
    stalls = 0
  })

  it("hashes storage's plain answer in one request, and any other through node:http", async () => {
    const expected = digestBuffer(CONTENT)
    let counted = 0
    expect(await client().digest({ id: 1, name: 'a.bin' }, (n) => (counted += n))).toEqual(expected)
    expect(counted).toBe(CONTENT.length)
    expect(storageRequests).toBe(1)
    // A chunked answer is not the plain one: the URL is read again the ordinary way.
    chunked = true
    storageRequests = 0
    const restarts: number[] = []
    expect(
      await client().digest({ id: 1, name: 'a.bin' }, undefined, () => restarts.push(1))
    ).toEqual(expected)
    expect(storageRequests).toBe(2)
    expect(restarts).toHaveLength(2)
    chunked = false
  })

  it('hashes again from scratch when storage stalls mid-body, then gives up naming the asset', async () => {
    stalls = 1
    expect(await client().digest({ id: 1, name: 'a.bin' })).toEqual(digestBuffer(CONTENT))
    expect(storageRequests).toBe(2)
    stalls = 100
    await expect(client().digest({ id: 1, name: 'a.bin' })).rejects.toMatchObject({
      code: 'GITHUB_UNAVAILABLE',
      message: expect.stringMatching(/"a\.bin".*GitHub release storage/)
    })
    stalls = 0
  })
})
