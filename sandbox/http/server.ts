/**
 * A minimal HTTP service on 127.0.0.1 with an ephemeral port: a route table, JSON helpers,
 * streaming bodies, and the sandbox's fault injection applied before any handler runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as delay } from 'node:timers/promises'
import type { FaultInjector } from './faults.js'
import { FileBody, sendFile } from './file-body.js'

export interface Request {
  method: string
  /** Path without the query string, percent-decoding left to the handler. */
  path: string
  url: URL
  headers: IncomingMessage['headers']
  /** Values of `:name` segments of the route, percent-decoded. */
  params: Record<string, string>
  /** The raw request, for handlers that stream the body. */
  raw: IncomingMessage
}

export interface Response {
  status: number
  headers?: Record<string, string | number>
  /**
   * A string or Buffer is sent as is; a Readable is piped; a FileBody is sent from its file;
   * anything else is sent as JSON.
   */
  body?: unknown
}

export type Handler = (req: Request) => Promise<Response> | Response

interface Route {
  method: string
  pattern: RegExp
  names: string[]
  handler: Handler
}

export class Router {
  private readonly routes: Route[] = []

  /** `path` uses `:name` for one segment and a trailing `*name` for the rest of the path. */
  on(method: string, path: string, handler: Handler): this {
    const names: string[] = []
    const source = path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1))
          return '([^/]+)'
        }
        if (segment.startsWith('*')) {
          names.push(segment.slice(1))
          return '(.*)'
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      })
      .join('/')
    this.routes.push({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${source}$`),
      names,
      handler
    })
    return this
  }

  find(
    method: string,
    path: string
  ): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false
    for (const route of this.routes) {
      const match = route.pattern.exec(path)
      if (!match) continue
      pathMatched = true
      if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue
      const params: Record<string, string> = {}
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? '')
      })
      return { handler: route.handler, params }
    }
    return pathMatched ? 'method' : undefined
  }
}

export interface Service {
  name: string
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

export interface ServiceOptions {
  name: string
  router: Router
  faults?: FaultInjector
  /**
   * Called for every request (after faults), e.g. to count calls in tests, with the number of
   * requests this service was serving at that moment, this one included.
   */
  onRequest?: (service: string, method: string, path: string, inFlight: number) => void
  /** Fixed port; ephemeral when absent. */
  port?: number
  /**
   * A path every route lives under (GitHub Enterprise Server's `/api/v3`): part of the service's
   * URL, stripped before routing; anything outside it is 404.
   */
  pathPrefix?: string
}

export async function startService(options: ServiceOptions): Promise<Service> {
  // Requests being served (standing latency included): how many a client keeps open at once.
  const serving = { count: 0 }
  const server = createServer({ highWaterMark: 1024 * 1024 }, (req, res) => {
    serving.count++
    res.once('close', () => serving.count--)
    handle(options, serving, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `sandbox error: ${String(error)}` })
      else res.destroy()
    })
  })
  // Idle connections stay open for the next request, as GitHub's and Sigstore's servers keep them:
  // with a second, undici (Octokit) and Node's agents (sigstore-js) closed every connection after
  // one request, as both give up on a connection a second or two before a server's stated timeout.
  server.keepAliveTimeout = 10_000
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    name: options.name,
    url: `http://127.0.0.1:${port}${options.pathPrefix ?? ''}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function handle(
  options: ServiceOptions,
  serving: { count: number },
  raw: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const method = (raw.method ?? 'GET').toUpperCase()
  const url = new URL(raw.url ?? '/', 'http://127.0.0.1')
  const prefix = options.pathPrefix ?? ''
  if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
    raw.resume()
    sendJson(res, 404, { message: 'Not Found' })
    return
  }
  const path = url.pathname.slice(prefix.length) || '/'
  const standing = options.faults?.latency(options.name)
  if (standing) await delay(standing)
  const fault = options.faults?.match(options.name, method, path)
  if (fault?.latencyMs) await delay(fault.latencyMs)
  if (fault?.drop) {
    raw.socket.destroy()
    return
  }
  if (fault?.status) {
    // Read the whole body first: answering mid-upload makes clients see a broken connection.
    await drain(raw)
    sendJson(
      res,
      fault.status,
      fault.body ?? { message: `injected fault: HTTP ${fault.status}` },
      fault.headers
    )
    return
  }
  options.onRequest?.(options.name, method, path, serving.count)
  const found = options.router.find(method, path)
  if (found === undefined) {
    raw.resume()
    sendJson(res, 404, { message: 'Not Found' })
    return
  }
  if (found === 'method') {
    raw.resume()
    sendJson(res, 405, { message: 'Method Not Allowed' })
    return
  }
  const response = await found.handler({
    method,
    path,
    url,
    headers: raw.headers,
    params: found.params,
    raw
  })
  if (!raw.readableEnded) raw.resume()
  await send(res, response, method === 'HEAD')
}

async function send(res: ServerResponse, response: Response, headOnly: boolean): Promise<void> {
  const headers: Record<string, string | number> = { ...response.headers }
  const body = response.body
  if (body instanceof FileBody) {
    res.writeHead(response.status, headers)
    if (headOnly) res.end()
    else await sendFile(res, body)
    return
  }
  if (body instanceof Readable) {
    res.writeHead(response.status, headers)
    if (headOnly) {
      body.destroy()
      res.end()
      return
    }
    await pipeline(body, res)
    return
  }
  let bytes: Buffer | undefined
  if (typeof body === 'string') bytes = Buffer.from(body)
  else if (Buffer.isBuffer(body)) bytes = body
  else if (body !== undefined) {
    bytes = Buffer.from(JSON.stringify(body))
    headers['content-type'] ??= 'application/json; charset=utf-8'
  }
  headers['content-length'] = bytes?.length ?? 0
  res.writeHead(response.status, headers)
  res.end(headOnly ? undefined : bytes)
}

async function drain(raw: IncomingMessage): Promise<void> {
  for await (const chunk of raw) void chunk
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const bytes = Buffer.from(JSON.stringify(body))
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
    ...headers
  })
  res.end(bytes)
}

/** Reads a whole request body, refusing more than `limit` bytes. */
export async function readBody(req: Request, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req.raw) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw new Error(`request body over ${limit} bytes`)
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

export async function readJson<T = unknown>(req: Request): Promise<T> {
  const body = await readBody(req)
  return JSON.parse(body.toString('utf8')) as T
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {}
): Response {
  return { status, headers, body }
}
