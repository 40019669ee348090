/**
 * Downloads from GitHub's release storage against a local server: redirects followed (a bounded
 * number), any answer but 200 refused, and a stall before the headers or in the middle of the body
 * turned into a StorageError by the socket's idle timeout rather than a hang.
 */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { openStorageUrl, StorageError } from '../../../src/github/storage.js'
import { readAll } from '../../../src/util/stream.js'

const IDLE_MS = 200
const BODY = Buffer.from('x'.repeat(32 * 1024))
let server: Server
let base = ''
const held: ServerResponse[] = []
const headers: Record<string, unknown>[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    headers.push(req.headers)
    const path = req.url ?? ''
    const hops = /^\/hop\/(\d+)$/.exec(path)
    if (hops) {
      const left = Number(hops[1])
      res.writeHead(302, { location: left > 0 ? `/hop/${left - 1}` : '/file' }).end()
    } else if (path === '/file') {
      res.writeHead(200, { 'content-length': BODY.length }).end(BODY)
    } else if (path === '/expired') {
      res.writeHead(403).end('<Error>Request has expired</Error>')
    } else if (path === '/silent') {
      held.push(res)
    } else if (path === '/midway') {
      res.writeHead(200, { 'content-length': BODY.length })
      res.write(BODY.subarray(0, 1024))
      held.push(res)
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const res of held) res.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(StorageError)
  return error as StorageError
}

describe('openStorageUrl', () => {
  it('streams the file, following up to three redirects, without credentials', async () => {
    expect((await readAll(await openStorageUrl(`${base}/file`, IDLE_MS), 1e6)).equals(BODY)).toBe(
      true
    )
    expect((await readAll(await openStorageUrl(`${base}/hop/2`, IDLE_MS), 1e6)).length).toBe(
      BODY.length
    )
    for (const h of headers) expect(h.authorization).toBeUndefined()
  })

  it('refuses a fourth redirect and any answer but 200, naming the status', async () => {
    expect((await failure(openStorageUrl(`${base}/hop/3`, IDLE_MS))).message).toBe(
      'GitHub release storage answered HTTP 302'
    )
    expect((await failure(openStorageUrl(`${base}/expired`, IDLE_MS))).message).toBe(
      'GitHub release storage answered HTTP 403'
    )
  })

  it('gives up on a server that sends nothing', async () => {
    expect((await failure(openStorageUrl(`${base}/silent`, IDLE_MS))).message).toBe(
      'GitHub release storage sent nothing for 0.2s'
    )
  })

  it('fails the stream when the body stalls midway', async () => {
    const stream = await openStorageUrl(`${base}/midway`, IDLE_MS)
    const error = await failure(readAll(stream, 1e6))
    expect(error.message).toBe('GitHub release storage sent nothing for 0.2s')
  })

  it('says the connection failed when nothing listens', async () => {
    const error = await failure(openStorageUrl('http://127.0.0.1:1/file', IDLE_MS))
    expect(error.message).toMatch(/^the connection to GitHub release storage failed \(/)
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED')
  })
})
