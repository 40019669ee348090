/**
 * Hashes an asset's bytes straight from GitHub's release storage as they are read into the
 * connection's reused buffer (./storage-connections.ts). Node's HTTP client allocates a buffer for
 * every read; at loopback speeds that held about 90 MiB of garbage at once and halved the
 * throughput (measured in docs/benchmarks.md).
 * Only the plain answer storage gives is read this way: 200 with a Content-Length and no transfer
 * or content coding. Anything else is `undefined`, and the caller reads the URL with node:http;
 * so is every URL once requests go through a proxy (these connections cannot tunnel).
 */
import { createHash } from 'node:crypto'
import type { Digested } from '../util/digest.js'
import { proxyRouted } from '../util/proxy.js'
import { httpTimeoutMs } from '../util/timeout.js'
import { STORAGE, StorageError } from './storage.js'
import { connectionFor, type Origin } from './storage-connections.js'

/** The answer's head is small; anything longer is not storage's plain answer. */
const HEAD_LIMIT = 64 * 1024

export interface StorageDigestOptions {
  /** Idle timeout of the socket: before the head and between reads. */
  idleMs?: number
  /** CA certificates to trust instead of the system's (tests with their own CA). */
  ca?: string | Buffer
}

/** A kept connection the server had closed before it answered: the request goes again on a new one. */
class StaleConnection extends Error {}

export async function digestStorageUrl(
  url: string,
  onBytes?: (n: number) => void,
  { idleMs = httpTimeoutMs(), ca }: StorageDigestOptions = {}
): Promise<Digested | undefined> {
  if (proxyRouted()) return undefined
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const origin: Origin = {
    host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(target.port || (secure ? 443 : 80)),
    secure,
    ca
  }
  const request =
    `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
    'User-Agent: sign-release\r\nAccept: */*\r\n\r\n'
  try {
    return await exchange(origin, request, onBytes, idleMs, false)
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error
    return exchange(origin, request, onBytes, idleMs, true)
  }
}

function exchange(
  origin: Origin,
  request: string,
  onBytes: ((n: number) => void) | undefined,
  idleMs: number,
  fresh: boolean
): Promise<Digested | undefined> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let head: Buffer | undefined = Buffer.alloc(0)
    let answered = false
    let keepAlive = false
    let length = 0
    let received = 0
    let settled = false
    const finish = (result: Digested | undefined | Error): void => {
      if (settled) return
      settled = true
      if (!(result instanceof Error) && result !== undefined && keepAlive) connection.release()
      else connection.destroy()
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const body = (bytes: Buffer): void => {
      hash.update(bytes)
      received += bytes.length
      onBytes?.(bytes.length)
      if (received > length) finish(new StorageError(`${STORAGE} sent more than ${length} bytes`))
      else if (received === length) finish({ sha256: hash.digest('hex'), size: length })
    }
    const onread = (bytes: Buffer): boolean => {
      if (settled) return false
      answered = true
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
      const parsed = plainAnswer(head.subarray(0, end).toString('latin1'))
      const rest = head.subarray(end + 4)
      head = undefined
      if (parsed === undefined) {
        finish(undefined)
        return false
      }
      ;({ length, keepAlive } = parsed)
      if (length === 0) finish({ sha256: hash.digest('hex'), size: 0 })
      else if (rest.length > 0) body(rest)
      return true
    }
    const onclose = (error?: Error): void => {
      if (!answered && connection.reused) {
        finish(new StaleConnection())
      } else if (error) {
        finish(
          new StorageError(`the connection to ${STORAGE} failed (${error.message})`, {
            cause: error
          })
        )
      } else {
        finish(
          new StorageError(
            `the connection to ${STORAGE} closed after ${received} of ${length || 'unknown'} bytes`
          )
        )
      }
    }
    const ontimeout = (): void =>
      finish(new StorageError(`${STORAGE} sent nothing for ${(idleMs / 1000).toFixed(1)}s`))
    const connection = connectionFor(origin, { onread, onclose, ontimeout }, idleMs, { fresh })
    connection.send(request)
  })
}

/**
 * The body's length, and whether the server keeps the connection, when the head is a plain 200
 * with a Content-Length; undefined otherwise.
 */
function plainAnswer(head: string): { length: number; keepAlive: boolean } | undefined {
  const [status, ...lines] = head.split('\r\n')
  if (!/^HTTP\/1\.[01] 200\b/.test(status ?? '')) return undefined
  // HTTP/1.1 keeps a connection unless told otherwise; HTTP/1.0 closes it.
  let keepAlive = status?.startsWith('HTTP/1.1') === true
  let length: number | undefined
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase()
    if (name === 'connection' && value.split(',').some((token) => token.trim() === 'close'))
      keepAlive = false
    if (name === 'transfer-encoding' && value !== 'identity') return undefined
    if (name === 'content-encoding' && value !== 'identity') return undefined
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value)))
        return undefined
      length = Number(value)
    }
  }
  return length === undefined ? undefined : { length, keepAlive }
}
