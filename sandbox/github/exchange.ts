/**
 * A record of one request and the answer the stand-in gave, for tests that check every exchange
 * against GitHub's OpenAPI description. Fault-injected answers are not the stand-in's and are not
 * recorded; streamed bodies (downloads, uploads) are recorded without their bytes.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import type { Request, Response } from '../http/server.js'

export interface Exchange {
  service: 'github' | 'uploads' | 'web'
  method: string
  /** Path without the query, as sent (percent-encoded). */
  path: string
  query: URLSearchParams
  requestHeaders: IncomingHttpHeaders
  /** The parsed JSON body of a JSON request. */
  requestBody?: unknown
  status: number
  responseHeaders: Record<string, string | number>
  /** The JSON (or text) body as sent; undefined when empty or streamed. */
  responseBody?: unknown
  streamed: boolean
}

export type ExchangeListener = (exchange: Exchange) => void

export function recordExchange(
  listener: ExchangeListener | undefined,
  service: Exchange['service'],
  req: Request,
  requestBody: unknown,
  response: Response
): void {
  if (!listener) return
  const body = response.body
  const streamed = body instanceof Readable
  let responseBody: unknown
  if (typeof body === 'string') responseBody = body
  else if (Buffer.isBuffer(body)) responseBody = body.toString('utf8')
  else if (!streamed && body !== undefined) responseBody = JSON.parse(JSON.stringify(body))
  listener({
    service,
    method: req.method,
    path: req.path,
    query: new URLSearchParams(req.url.search),
    requestHeaders: req.headers,
    requestBody,
    status: response.status,
    responseHeaders: { ...response.headers },
    responseBody,
    streamed
  })
}
