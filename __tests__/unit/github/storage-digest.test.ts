/**
 * Hashing storage's answer into one reused buffer, against local servers: the plain answer (200,
 * Content-Length) is hashed whatever way its bytes are split, over HTTP and over TLS with the
 * certificate checked; every other answer is left to node:http (undefined); a body cut short or a
 * stall is a StorageError, which the download's retries know.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { digestStorageUrl } from '../../../src/github/storage-digest.js'
import { StorageError } from '../../../src/github/storage.js'

const BODY = Buffer.alloc(3 * 1024 * 1024 + 17, 'sign-release ')
const SHA = createHash('sha256').update(BODY).digest('hex')
const SMALL = Buffer.from('a small asset\n')
const open: Socket[] = []

/** What each path answers, as raw bytes written in the pieces given. */
const ANSWERS: Record<string, (socket: Socket) => void> = {
  '/plain': (s) => s.end(Buffer.concat([head(200, { 'Content-Length': BODY.length }), BODY])),
  // The head split inside its terminator, the body in odd pieces.
  '/split': (s) => {
    const all = Buffer.concat([head(200, { 'content-length': BODY.length }), BODY])
    const cut = all.indexOf('\r\n\r\n') + 2
    s.write(all.subarray(0, cut))
    setImmediate(() => {
      s.write(all.subarray(cut, cut + 3))
      setImmediate(() => s.end(all.subarray(cut + 3)))
    })
  },
  '/empty': (s) => s.end(head(200, { 'Content-Length': 0 })),
  '/small': (s) => s.end(Buffer.concat([head(200, { 'Content-Length': SMALL.length }), SMALL])),
  '/chunked': (s) =>
    s.end(Buffer.concat([head(200, { 'Transfer-Encoding': 'chunked' }), Buffer.from('0\r\n\r\n')])),
  '/gzip': (s) => s.end(head(200, { 'Content-Length': 0, 'Content-Encoding': 'gzip' })),
  '/no-length': (s) => s.end(Buffer.concat([head(200, {}), BODY])),
  '/redirect': (s) => s.end(head(302, { Location: '/plain', 'Content-Length': 0 })),
  '/expired': (s) => s.end(head(403, { 'Content-Length': 0 })),
  '/short': (s) =>
    s.end(Buffer.concat([head(200, { 'Content-Length': BODY.length }), BODY.subarray(0, 1000)])),
  '/long': (s) => s.end(Buffer.concat([head(200, { 'Content-Length': 10 }), BODY.subarray(0, 11)])),
  '/stall': (s) => {
    s.write(Buffer.concat([head(200, { 'Content-Length': BODY.length }), BODY.subarray(0, 10)]))
    open.push(s)
  }
}

/** Paths answered on a connection kept open (keep-alive): what each request on it gets. */
const KEPT: Record<string, (socket: Socket, nth: number) => void> = {
  '/keep': (s) => s.write(Buffer.concat([head(200, { 'Content-Length': SMALL.length }), SMALL])),
  // A server that closed the idle connection as the next request was sent: no answer at all.
  '/keep-once': (s, nth) =>
    nth === 1
      ? s.write(Buffer.concat([head(200, { 'Content-Length': SMALL.length }), SMALL]))
      : s.destroy(),
  '/close': (s) =>
    s.write(
      Buffer.concat([head(200, { 'Content-Length': SMALL.length, Connection: 'close' }), SMALL])
    ),
  '/http10': (s) =>
    s.write(Buffer.concat([head(200, { 'Content-Length': SMALL.length }, '1.0'), SMALL]))
}

function head(status: number, headers: Record<string, string | number>, version = '1.1'): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
  return Buffer.from(`HTTP/${version} ${status} X\r\n${lines.join('')}\r\n`)
}

/** Connections the servers accepted, and their TCP sockets (beneath TLS, for the secure one). */
const accepted = { count: 0, sockets: [] as Socket[] }

function answer(socket: Socket): void {
  accepted.count++
  let request = ''
  let nth = 0
  socket.on('data', (bytes: Buffer) => {
    request += bytes.toString('latin1')
    for (let end = request.indexOf('\r\n\r\n'); end >= 0; end = request.indexOf('\r\n\r\n')) {
      const path = (/^GET (\S+) /.exec(request)?.[1] ?? '').split('?')[0] ?? ''
      request = request.slice(end + 4)
      nth++
      const kept = KEPT[path]
      if (kept) kept(socket, nth)
      else (ANSWERS[path] ?? ((s: Socket) => s.end(head(404, {}))))(socket)
    }
  })
  socket.on('error', () => undefined)
}

let plain: Server
let secure: TlsServer
let ca: Buffer
const url = (server: Server | TlsServer, path: string, scheme = 'http', host = '127.0.0.1') =>
  `${scheme}://${host}:${(server.address() as { port: number }).port}${path}`

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storage-tls-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost'
    ],
    { stdio: 'ignore' }
  )
  ca = readFileSync(join(dir, 'cert.pem'))
  plain = createServer(answer)
  secure = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, answer)
  for (const server of [plain, secure])
    server.on('connection', (socket: Socket) => accepted.sockets.push(socket))
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  for (const s of open) s.destroy()
  await new Promise((resolve) => plain.close(resolve))
  await new Promise((resolve) => secure.close(resolve))
})

describe('digestStorageUrl', () => {
  it('hashes the plain answer, counting every byte once, however the bytes are split', async () => {
    for (const path of ['/plain', '/split?sig=abc&se=2026']) {
      let counted = 0
      const digested = await digestStorageUrl(url(plain, path), (n) => (counted += n))
      expect(digested).toEqual({ sha256: SHA, size: BODY.length })
      expect(counted).toBe(BODY.length)
    }
    expect(await digestStorageUrl(url(plain, '/empty'))).toEqual({
      sha256: createHash('sha256').digest('hex'),
      size: 0
    })
  })

  it('reuses its read buffer from one download to the next, never mixing two at once', async () => {
    const megabyte = (size: unknown): boolean => size === 1024 * 1024
    const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe')
    const alloc = jest.spyOn(Buffer, 'alloc')
    try {
      for (let i = 0; i < 5; i++)
        expect(await digestStorageUrl(url(plain, '/plain'))).toEqual({
          sha256: SHA,
          size: BODY.length
        })
      const made = [...allocUnsafe.mock.calls, ...alloc.mock.calls].filter(([size]) =>
        megabyte(size)
      )
      expect(made.length).toBeLessThanOrEqual(1)
    } finally {
      allocUnsafe.mockRestore()
      alloc.mockRestore()
    }
    // At once, each download reads into a buffer of its own: a small answer and a large one
    // alternating, each hashed whole.
    const small = { sha256: createHash('sha256').update(SMALL).digest('hex'), size: SMALL.length }
    const paths = Array.from({ length: 8 }, (_, i) => (i % 2 ? '/small' : '/split'))
    const digested = await Promise.all(paths.map((path) => digestStorageUrl(url(plain, path))))
    expect(digested).toEqual(
      paths.map((path) => (path === '/small' ? small : { sha256: SHA, size: BODY.length }))
    )
  })

  it('keeps a connection storage keeps open for the next download, and only such a one', async () => {
    const small = { sha256: createHash('sha256').update(SMALL).digest('hex'), size: SMALL.length }
    const connections = async (path: string, server: Server | TlsServer = plain) => {
      const before = accepted.count
      for (let i = 0; i < 3; i++)
        expect(
          await digestStorageUrl(
            url(server, path, server === plain ? 'http' : 'https', 'localhost'),
            undefined,
            { ca }
          )
        ).toEqual(small)
      return accepted.count - before
    }
    expect(await connections('/close')).toBe(3)
    expect(await connections('/http10')).toBe(3)
    expect(await connections('/keep')).toBe(1)
    expect(await connections('/keep', secure)).toBe(1)
    // Kept connections never hold the process open: only the test's own sockets are left.
    const sockets = () =>
      process.getActiveResourcesInfo().filter((type) => type === 'TCPSocketWrap').length
    for (const socket of accepted.sockets) socket.unref()
    expect(sockets()).toBe(0)
  })

  it('asks again on a new connection when a kept one was closed before it answered', async () => {
    const small = { sha256: createHash('sha256').update(SMALL).digest('hex'), size: SMALL.length }
    const before = accepted.count
    expect(await digestStorageUrl(url(plain, '/keep-once'))).toEqual(small)
    expect(await digestStorageUrl(url(plain, '/keep-once'))).toEqual(small)
    expect(accepted.count - before).toBe(2)
  })

  it('hashes over TLS, checking the certificate against the CA it is given', async () => {
    expect(
      await digestStorageUrl(url(secure, '/plain', 'https', 'localhost'), undefined, { ca })
    ).toEqual({
      sha256: SHA,
      size: BODY.length
    })
    // Without that CA the self-signed certificate is refused: no bytes are trusted.
    await expect(
      digestStorageUrl(url(secure, '/plain', 'https', 'localhost'))
    ).rejects.toBeInstanceOf(StorageError)
  })

  it('leaves every other answer to node:http', async () => {
    for (const path of ['/chunked', '/gzip', '/no-length', '/redirect', '/expired', '/missing'])
      expect(await digestStorageUrl(url(plain, path))).toBeUndefined()
  })

  it('fails a body cut short or longer than said, and a stall, as StorageErrors', async () => {
    await expect(digestStorageUrl(url(plain, '/short'))).rejects.toThrow(
      new StorageError(
        `the connection to GitHub release storage closed after 1000 of ${BODY.length} bytes`
      )
    )
    await expect(digestStorageUrl(url(plain, '/long'))).rejects.toThrow(
      'GitHub release storage sent more than 10 bytes'
    )
    await expect(
      digestStorageUrl(url(plain, '/stall'), undefined, { idleMs: 200 })
    ).rejects.toThrow('GitHub release storage sent nothing for 0.2s')
  })
})
