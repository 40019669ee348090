/**
 * The fetch Octokit uses for a request whose body is a file stream (an asset uploaded from local
 * bytes). Node's own fetch reads such a body as fast as the disk gives it, whatever the socket
 * takes: uploading 1 GiB held about 1.1 GB of memory. node:http's pipeline waits for the socket,
 * so memory stays flat in the size (and the upload is faster). Answers are small JSON, read whole.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export function streamingFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input))
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const headers: Record<string, string> = {}
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value
  })
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: init.method ?? 'GET',
      headers,
      signal: init.signal ?? undefined
    })
    request.on('response', (response) => {
      readAll(response).then((body) => resolve(toResponse(response, body, url)), reject)
    })
    request.on('error', reject)
    const body = init.body as unknown
    // An answer before the whole body was sent (an early refusal) ends the pipeline with an error
    // that no longer matters; a failure before any answer rejects.
    if (body instanceof Readable) pipeline(body, request).catch(reject)
    else request.end(body as Buffer | string | undefined)
  })
}

async function readAll(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function toResponse(response: IncomingMessage, body: Buffer, url: URL): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  const status = response.statusCode ?? 0
  const answer = new Response([204, 205, 304].includes(status) ? null : new Uint8Array(body), {
    status,
    statusText: response.statusMessage,
    headers
  })
  Object.defineProperty(answer, 'url', { value: url.toString() })
  return answer
}
