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
import { readAll } from '../../../src/util/stream.js'

const CONTENT = Buffer.from('x'.repeat(64 * 1024))
let server: Server
let baseUrl: string
/** How many storage answers stall after half the body. */
let stalls = 0
let storageRequests = 0

beforeAll(async () => {
  process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '300'
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '1'
  server = createServer((req, res) => {
    if (req.url?.startsWith('/repos/o/r/releases/assets/')) {
      res.writeHead(302, { location: `${baseUrl}/storage/1` }).end()
      return
    }
    storageRequests++
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
})
