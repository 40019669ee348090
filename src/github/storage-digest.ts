/**
 * Hashes an asset's bytes straight from GitHub's release storage into one reused buffer (the
 * socket's `onread`, kept for the next download once the socket closes). Node's HTTP client
 * allocates a buffer for every read; at loopback speeds that held about 90 MiB of garbage at once
 * and halved the throughput (measured in docs/benchmarks.md).
 * Only the plain answer storage gives is read this way: 200 with a Content-Length and no transfer
 * or content coding. Anything else is `undefined`, and the caller reads the URL with node:http.
 */
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { createHash } from 'node:crypto'
import type { Digested } from '../util/digest.js'
import { httpTimeoutMs } from '../util/timeout.js'
import { STORAGE, StorageError } from './storage.js'

/** The answer's head is small; anything longer is not storage's plain answer. */
const HEAD_LIMIT = 64 * 1024
const BUFFER = 1024 * 1024
/**
 * Read buffers kept for the next download once a socket has closed: a new zero-filled megabyte for
 * each asset was most of the cost of hashing many small ones (200 assets of 1 KiB: about 0.1 s of
 * a 0.55 s hash, in allocation and garbage collection). As many as downloads run at once are kept.
 */
const spareBuffers: Buffer[] = []
const SPARE_LIMIT = 16

export interface StorageDigestOptions {
  /** Idle timeout of the socket: before the head and between reads. */
  idleMs?: number
  /** CA certificates to trust instead of the system's (tests with their own CA). */
  ca?: string | Buffer
}

export function digestStorageUrl(
  url: string,
  onBytes?: (n: number) => void,
  { idleMs = httpTimeoutMs(), ca }: StorageDigestOptions = {}
): Promise<Digested | undefined> {
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(target.port || (secure ? 443 : 80))
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let head: Buffer | undefined = Buffer.alloc(0)
    let length = 0
    let received = 0
    let settled = false
    const finish = (result: Digested | undefined | StorageError): void => {
      if (settled) return
      settled = true
      socket.destroy()
      if (result instanceof StorageError) reject(result)
      else resolve(result)
    }
    const body = (bytes: Buffer): void => {
      hash.update(bytes)
      received += bytes.length
      onBytes?.(bytes.length)
      if (received > length) finish(new StorageError(`${STORAGE} sent more than ${length} bytes`))
      else if (received === length) finish({ sha256: hash.digest('hex'), size: length })
    }
    const onread = (n: number, buffer: Buffer): boolean => {
      if (settled) return false
      const bytes = buffer.subarray(0, n)
      if (!head) {
        body(bytes)
        return true
      }
      // Header bytes are copied out: the buffer is overwritten by the next read.
      head = Buffer.concat([head, bytes])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > HEAD_LIMIT) finish(undefined)
        return true
      }
      const parsed = plainLength(head.subarray(0, end).toString('latin1'))
      const rest = head.subarray(end + 4)
      head = undefined
      if (parsed === undefined) {
        finish(undefined)
        return false
      }
      length = parsed
      if (length === 0) finish({ sha256: hash.digest('hex'), size: 0 })
      else if (rest.length > 0) body(rest)
      return true
    }
    // Only the bytes each read writes are looked at: a reused buffer's older bytes never are.
    const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(BUFFER)
    const options = { host, port, onread: { buffer, callback: onread } }
    const socket: Socket = secure
      ? tlsConnect({
          ...options,
          servername: isIp(host) ? undefined : host,
          ALPNProtocols: ['http/1.1'],
          ...(ca ? { ca } : {})
        })
      : netConnect(options)
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
          'User-Agent: sign-release\r\nAccept: */*\r\nConnection: close\r\n\r\n'
      )
    })
    socket.setTimeout(idleMs, () =>
      finish(new StorageError(`${STORAGE} sent nothing for ${(idleMs / 1000).toFixed(1)}s`))
    )
    socket.on('error', (error) =>
      finish(
        new StorageError(`the connection to ${STORAGE} failed (${error.message})`, {
          cause: error
        })
      )
    )
    socket.on('close', () => {
      // No read writes into the buffer once its socket has closed.
      if (spareBuffers.length < SPARE_LIMIT) spareBuffers.push(buffer)
      finish(
        new StorageError(
          `the connection to ${STORAGE} closed after ${received} of ${length || 'unknown'} bytes`
        )
      )
    })
  })
}

/** The body's length when the head is a plain 200 with a Content-Length; undefined otherwise. */
function plainLength(head: string): number | undefined {
  const [status, ...lines] = head.split('\r\n')
  if (!/^HTTP\/1\.[01] 200\b/.test(status ?? '')) return undefined
  let length: number | undefined
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase()
    if (name === 'transfer-encoding' && value !== 'identity') return undefined
    if (name === 'content-encoding' && value !== 'identity') return undefined
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value)))
        return undefined
      length = Number(value)
    }
  }
  return length
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}
