/**
 * Connections to GitHub's release storage, kept open from one download to the next (HTTP
 * keep-alive): a release of many assets pays a TCP and TLS handshake per download running at once
 * rather than per asset. Each connection reads into a 1 MiB buffer of its own (the socket's
 * `onread`; Node's own reads allocate a buffer each), kept for the next connection once it closes.
 * Idle connections never keep the process alive, and close after a few seconds.
 */
import { createHash } from 'node:crypto'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

const BUFFER = 1024 * 1024
/** Idle connections kept per origin, and spare read buffers: as many as downloads run at once. */
const IDLE_LIMIT = 16
/** How long an idle connection is kept: storage servers close theirs after a few seconds too. */
const IDLE_MS = 4_000

/**
 * Read buffers of closed connections: a new zero-filled megabyte for each asset was most of the
 * cost of hashing many small ones (200 assets of 1 KiB: about 0.1 s of a 0.55 s hash).
 */
const spareBuffers: Buffer[] = []
const idle = new Map<string, StorageConnection[]>()

export interface Origin {
  host: string
  port: number
  secure: boolean
  /** CA certificates to trust instead of the system's (tests with their own CA). */
  ca?: string | Buffer
}

/** One request and its answer: what the connection's events go to while it carries them. */
export interface Exchange {
  /** Bytes just read, valid only during the call (the buffer is read into again); false pauses. */
  onread(bytes: Buffer): boolean
  /** The connection failed or closed. */
  onclose(error?: Error): void
  /** Nothing was read for the exchange's idle time. */
  ontimeout(): void
}

/** A connection carrying `exchange`: an idle one to the same origin when there is one. */
export function connectionFor(
  origin: Origin,
  exchange: Exchange,
  idleMs: number,
  { fresh = false } = {}
): StorageConnection {
  const key = keyOf(origin)
  const kept = fresh ? undefined : idle.get(key)
  for (let connection = kept?.pop(); connection; connection = kept?.pop()) {
    if (connection.usable()) return connection.carry(exchange, idleMs)
    connection.destroy()
  }
  return new StorageConnection(origin, key).carry(exchange, idleMs)
}

export class StorageConnection {
  private readonly socket: Socket
  private exchange?: Exchange
  private connected = false
  private unsent?: string
  /** Exchanges carried so far, this one included. */
  private carried = 0

  constructor(
    origin: Origin,
    private readonly key: string
  ) {
    // Only the bytes each read writes are looked at: a reused buffer's older bytes never are.
    const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(BUFFER)
    const callback = (n: number, into: Buffer): boolean => {
      if (this.exchange) return this.exchange.onread(into.subarray(0, n))
      // An idle connection has nothing to read: a server that talks out of turn is not reused.
      this.socket.destroy()
      return false
    }
    const options = { host: origin.host, port: origin.port, onread: { buffer, callback } }
    this.socket = origin.secure
      ? tlsConnect({
          ...options,
          servername: isIp(origin.host) ? undefined : origin.host,
          ALPNProtocols: ['http/1.1'],
          ...(origin.ca ? { ca: origin.ca } : {})
        })
      : netConnect(options)
    this.socket.once(origin.secure ? 'secureConnect' : 'connect', () => {
      this.connected = true
      if (this.unsent !== undefined) this.socket.write(this.unsent)
      this.unsent = undefined
    })
    this.socket.on('timeout', () => {
      if (this.exchange) this.exchange.ontimeout()
      else this.socket.destroy()
    })
    this.socket.on('error', (error) => this.exchange?.onclose(error))
    this.socket.on('close', () => {
      forget(this.key, this)
      // No read writes into the buffer once its socket has closed.
      if (spareBuffers.length < IDLE_LIMIT) spareBuffers.push(buffer)
      const exchange = this.exchange
      this.exchange = undefined
      exchange?.onclose()
    })
  }

  /** Whether an earlier exchange used it: the server may have closed it since, unseen yet. */
  get reused(): boolean {
    return this.carried > 1
  }

  send(request: string): void {
    if (this.connected) this.socket.write(request)
    else this.unsent = request
  }

  /** The answer was read whole and the server keeps the connection: kept for the next download. */
  release(): void {
    this.exchange = undefined
    const kept = idle.get(this.key) ?? []
    if (kept.length >= IDLE_LIMIT || !this.usable()) {
      this.destroy()
      return
    }
    this.socket.setTimeout(IDLE_MS)
    this.socket.unref()
    kept.push(this)
    idle.set(this.key, kept)
  }

  destroy(): void {
    this.exchange = undefined
    this.socket.destroy()
  }

  usable(): boolean {
    return !this.socket.destroyed && this.socket.readable && this.socket.writable
  }

  carry(exchange: Exchange, idleMs: number): this {
    this.exchange = exchange
    this.carried++
    this.socket.ref()
    this.socket.setTimeout(idleMs)
    return this
  }
}

function forget(key: string, connection: StorageConnection): void {
  const kept = idle.get(key)
  const at = kept?.indexOf(connection) ?? -1
  if (at >= 0) kept?.splice(at, 1)
  if (kept?.length === 0) idle.delete(key)
}

function keyOf({ host, port, secure, ca }: Origin): string {
  const trust = ca ? createHash('sha256').update(ca).digest('hex') : 'system'
  return `${secure ? 'https' : 'http'}://${host}:${port} ${trust}`
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}
