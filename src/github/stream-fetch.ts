/**
 * The fetch Octokit uses for a request whose body is a local file (an asset uploaded from local
 * bytes). Node's own fetch reads a body stream as fast as the disk gives it, whatever the socket
 * takes: uploading 1 GiB held about 1.1 GB of memory. Here the file is read into two buffers that
 * take turns, each reused only once the socket has taken its bytes, so memory stays flat in the
 * size and no garbage is made per read. Answers are small JSON, read whole.
 */
import { open } from 'node:fs/promises'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'

/** A request body read from a file as it is sent (see `streamingFetch`). */
export class FileBody {
  constructor(
    readonly path: string,
    readonly size: number
  ) {}
}

const CHUNK = 1024 * 1024

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
    // An answer before the whole body was sent (an early refusal) ends the writes with an error
    // that no longer matters; a failure before any answer rejects.
    if (body instanceof FileBody) sendFile(request, body).catch(reject)
    else request.end(body as Buffer | string | undefined)
  })
}

async function sendFile(request: ClientRequest, body: FileBody): Promise<void> {
  const file = await open(body.path, 'r')
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)]
    const sent: Promise<void>[] = [Promise.resolve(), Promise.resolve()]
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn] as Buffer
      await sent[turn]
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      const written = new Promise<void>((resolve, reject) => {
        request.write(buffer.subarray(0, bytesRead), (error) => {
          if (error) reject(error)
          else resolve()
        })
      })
      // Awaited later; marked handled now, as the other turn may fail first.
      written.catch(() => undefined)
      sent[turn] = written
    }
    await Promise.all(sent)
    request.end()
  } finally {
    await file.close()
  }
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
