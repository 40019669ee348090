/**
 * fetchJson against a real local HTTP server: the JSON of a 200, retries of 5xx, 429 and lost
 * connections up to the attempts, no retry of any other answer, an answer that is not JSON said as
 * such, and an attempt that stalls abandoned after its budget.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { fetchJson, FetchJsonError } from '../../../src/util/fetch-json.js'

/** What the server answers, one entry per request; the last is repeated. */
let answers: ((res: ServerResponse) => void)[] = []
let requests: { url?: string; headers: Record<string, unknown> }[] = []
const stalled: ServerResponse[] = []
let server: Server
let base = ''

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
const text = (status: number, body: string) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'text/html' }).end(body)
const stall = (res: ServerResponse): void => void stalled.push(res)

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
  server = createServer((req, res) => {
    requests.push({ url: req.url, headers: req.headers })
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)]
    answer?.(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
  for (const res of stalled) res.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  requests = []
})

async function failure(promise: Promise<unknown>): Promise<FetchJsonError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(FetchJsonError)
  return error as FetchJsonError
}

describe('fetchJson', () => {
  it('returns the parsed JSON, asking for JSON and sending the given headers', async () => {
    answers = [json(200, { keys: [1, 2] })]
    expect(await fetchJson(`${base}/jwks`, { headers: { authorization: 'bearer t' } })).toEqual({
      keys: [1, 2]
    })
    expect(requests).toHaveLength(1)
    expect(requests[0]?.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'bearer t'
    })
  })

  it('retries server errors and rate limits, then answers', async () => {
    answers = [text(502, 'bad gateway'), json(429, {}), json(200, { ok: true })]
    expect(await fetchJson(`${base}/x`)).toEqual({ ok: true })
    expect(requests).toHaveLength(3)
  })

  it('gives up after the attempts, with the last status', async () => {
    answers = [json(503, {})]
    const error = await failure(fetchJson(`${base}/x`, { attempts: 2 }))
    expect(requests).toHaveLength(2)
    expect(error.status).toBe(503)
    expect(error.message).toBe('HTTP 503')
  })

  it.each([400, 401, 403, 404])('takes HTTP %i as final, without retrying', async (status) => {
    answers = [json(status, { message: 'no' })]
    const error = await failure(fetchJson(`${base}/x`))
    expect(requests).toHaveLength(1)
    expect(error.status).toBe(status)
  })

  it('says an answer is not JSON, without retrying it or quoting it', async () => {
    answers = [text(200, '<html>captive portal token=abc</html>')]
    const error = await failure(fetchJson(`${base}/x`))
    expect(error).toMatchObject({ notJson: true, status: 200 })
    expect(error.message).toBe('the answer is not JSON')
    expect(requests).toHaveLength(1)
  })

  it('retries a lost connection and says the connection failed', async () => {
    answers = [(res) => res.socket?.destroy()]
    const error = await failure(fetchJson(`${base}/x`, { attempts: 3 }))
    expect(requests).toHaveLength(3)
    expect(error.status).toBeUndefined()
    expect(error.message).toMatch(/^connection failed \(/)
    expect(error.notJson).toBe(false)
  })

  it('abandons a stalled attempt after its budget and tries again', async () => {
    process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '200'
    answers = [stall, json(200, { late: false })]
    expect(await fetchJson(`${base}/x`)).toEqual({ late: false })
    expect(requests).toHaveLength(2)
    answers = [stall]
    requests = []
    const error = await failure(fetchJson(`${base}/x`, { attempts: 1 }))
    expect(error.message).toBe(`${base} did not answer within 0.2s`)
    delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
  })
})
