/**
 * The action's retry plugin, through the Octokit the action builds: transient failures are tried
 * again after a backoff unless the request says otherwise, GitHub's rate limits are waited out as
 * GitHub asks (even for a request that is otherwise never retried) and given up on after the
 * plugin's count, refusals are never retried, and a request reaches fetch with no timer in between.
 * A local server plays GitHub, answering from a script.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { rateLimitOf } from '../../../src/github/retries.js'
import type { Log } from '../../../src/log.js'

interface Answer {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

/** A log that keeps what it is told, one line each. */
function collectingLog(): Log & { text(): string } {
  const lines: string[] = []
  return {
    info: (m) => lines.push(m),
    warning: (m) => lines.push(m),
    debug: () => undefined,
    group: (_title, fn) => fn(),
    text: () => lines.join('\n')
  }
}

let server: Server
let apiUrl: string
let script: Answer[] = []
let arrivals: number[] = []

const SECONDARY = {
  status: 403,
  headers: { 'retry-after': '1' },
  body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      arrivals.push(performance.now())
      const answer = script.shift() ?? { status: 201, body: {} }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(JSON.stringify(answer.body ?? { message: `HTTP ${answer.status}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '5'
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  script = []
  arrivals = []
})

function client(retries?: number) {
  const log = collectingLog()
  return { log, octokit: createOctokit({ token: 't', apiUrl, log, retries }).octokit }
}

/** A write, as the action makes them; `retries` as a request that must not repeat sets it. */
function rename(octokit: ReturnType<typeof client>['octokit'], retries?: number) {
  return octokit.request('PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}', {
    owner: 'o',
    repo: 'r',
    asset_id: 1,
    name: 'a',
    ...(retries === undefined ? {} : { request: { retries } })
  })
}

describe('retry plugin', () => {
  it('tries a server error again, with a backoff, and succeeds', async () => {
    script = [{ status: 502 }, { status: 500 }]
    const { octokit } = client()
    await expect(rename(octokit)).resolves.toMatchObject({ status: 201 })
    expect(arrivals).toHaveLength(3)
    // (n+1)² × the base between tries: 5 ms, then 20 ms.
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(20)
  })

  it('gives up on a server error after its count, and at once for a request that says so', async () => {
    script = Array.from({ length: 5 }, () => ({ status: 503 }))
    await expect(rename(client(2).octokit)).rejects.toMatchObject({ status: 503 })
    expect(arrivals).toHaveLength(3)
    arrivals = []
    await expect(rename(client().octokit, 0)).rejects.toMatchObject({ status: 503 })
    expect(arrivals).toHaveLength(1)
  })

  it('never retries a refusal', async () => {
    script = [{ status: 404 }, { status: 422 }]
    const { octokit } = client()
    await expect(rename(octokit)).rejects.toMatchObject({ status: 404 })
    await expect(rename(octokit)).rejects.toMatchObject({ status: 422 })
    expect(arrivals).toHaveLength(2)
  })

  it('waits out a secondary rate limit as GitHub asks, even for a request that is never retried', async () => {
    script = [SECONDARY]
    const { octokit, log } = client()
    await expect(rename(octokit, 0)).resolves.toMatchObject({ status: 201 })
    expect(arrivals).toHaveLength(2)
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(1000)
    expect(log.text()).toMatch(/Secondary rate limit on PATCH .*: waiting 1s/)
  })

  it('gives up on a rate limit after its count, with a warning', async () => {
    script = [SECONDARY, SECONDARY]
    const { octokit, log } = client(1)
    await expect(rename(octokit)).rejects.toMatchObject({ status: 403 })
    expect(arrivals).toHaveLength(2)
    expect(log.text()).toMatch(/Secondary rate limit on PATCH .*: giving up after 1 retries/)
  })

  it('hands a request to fetch before any timer runs (no scheduler in between)', async () => {
    const order: string[] = []
    const log = collectingLog()
    const { octokit } = createOctokit({ token: 't', apiUrl, log })
    const request = octokit.request('GET /repos/{owner}/{repo}', {
      owner: 'o',
      repo: 'r',
      request: {
        fetch: (url: string, init: RequestInit) => {
          order.push('fetch')
          return fetch(url, init)
        }
      }
    })
    setTimeout(() => order.push('timer'), 0)
    await request
    expect(order[0]).toBe('fetch')
  })
})

describe('rateLimitOf', () => {
  const failure = (status: number, headers: Record<string, string>, message = 'no') => ({
    status,
    message,
    response: { headers }
  })

  it.each([
    [
      'a secondary limit with retry-after',
      failure(403, { 'retry-after': '7' }, 'secondary rate limit'),
      { kind: 'Secondary', waitS: 7 }
    ],
    [
      'a secondary limit without retry-after: a minute',
      failure(403, {}, 'You have exceeded a secondary rate limit'),
      { kind: 'Secondary', waitS: 60 }
    ],
    [
      'a 429 with retry-after',
      failure(429, { 'retry-after': '3' }),
      { kind: 'Secondary', waitS: 3 }
    ],
    [
      'a 403 that is no limit',
      failure(403, {}, 'Resource not accessible by integration'),
      undefined
    ],
    ['a 429 that says nothing', failure(429, {}), undefined],
    ['a 500', failure(500, { 'retry-after': '3' }), undefined]
  ])('%s', (_name, error, expected) => {
    expect(rateLimitOf(error)).toEqual(expected)
  })

  it("waits for the primary limit's reset, one second more", () => {
    const reset = String(Math.floor(Date.now() / 1000) + 30)
    const limit = rateLimitOf(
      failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
    )
    expect(limit?.kind).toBe('Primary')
    expect(limit?.waitS).toBeGreaterThanOrEqual(30)
    expect(limit?.waitS).toBeLessThanOrEqual(32)
  })
})
