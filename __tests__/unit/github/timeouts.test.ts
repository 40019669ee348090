/**
 * Every attempt of a GitHub request has its own deadline: a stalled attempt is abandoned and the
 * retry plugin tries again, well before the stall would have ended; when every attempt stalls, the
 * client reports GitHub as unavailable, naming the request.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { AssetsClient } from '../../../src/github/assets.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'

const STALL_MS = 5000
let server: Server
let apiUrl: string
let requests = 0
/** How many requests stall before one is answered. */
let stalls = 0

beforeAll(async () => {
  process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '300'
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '1'
  server = createServer((_req, res) => {
    requests++
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('[]')
    }
    if (stalls-- > 0) setTimeout(answer, STALL_MS).unref()
    else answer()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  requests = 0
})

function client(): AssetsClient {
  const { octokit } = createOctokit({ token: 't', apiUrl, log: silentLog, retries: 2 })
  return new AssetsClient(new RepoApi(octokit, { owner: 'o', repo: 'r' }))
}

describe('GitHub request deadlines', () => {
  it('abandons a stalled attempt and retries it', async () => {
    stalls = 1
    const started = Date.now()
    await expect(client().list(1)).resolves.toEqual([])
    expect(requests).toBe(2)
    expect(Date.now() - started).toBeLessThan(STALL_MS)
  })

  it('reports GitHub unavailable, naming the request, when every attempt stalls', async () => {
    stalls = 3
    await expect(client().list(1)).rejects.toMatchObject({
      code: 'GITHUB_UNAVAILABLE',
      message: expect.stringContaining('GET /repos/o/r/releases/1/assets')
    })
    expect(requests).toBe(3)
  })
})
