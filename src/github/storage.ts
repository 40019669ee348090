/**
 * GitHub's signed release storage: the host an asset download is redirected to. It is read with
 * node:http's large buffers rather than fetch's web streams (roughly half the cost of hashing a
 * large asset), without credentials (they must not leave GitHub's API host), and with a socket idle
 * timeout, so a download that stalls before its headers or in the middle of its body fails rather
 * than hangs.
 */
import { get as httpGet, type IncomingMessage, type RequestOptions } from 'node:http'
import { get as httpsGet } from 'node:https'
import type { Readable } from 'node:stream'
import { httpTimeoutMs } from '../util/timeout.js'

/** A download from storage that failed: an answer other than 200, a stall, or a lost connection. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StorageError'
  }
}

export const STORAGE = 'GitHub release storage'

/** Opens a signed storage URL; the stream errors with a StorageError if it stalls mid-body. */
export function openStorageUrl(
  url: string,
  idleMs = httpTimeoutMs(),
  redirects = 3
): Promise<Readable> {
  const get = url.startsWith('https:') ? httpsGet : httpGet
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined
    const request = get(url, { highWaterMark: 1024 * 1024, timeout: idleMs } as RequestOptions)
    request.on('response', (res) => {
      response = res
      const code = res.statusCode ?? 0
      const next = res.headers.location
      if (code >= 300 && code < 400 && next && redirects > 0) {
        res.resume()
        resolve(openStorageUrl(new URL(next, url).toString(), idleMs, redirects - 1))
      } else if (code !== 200) {
        res.resume()
        reject(new StorageError(`${STORAGE} answered HTTP ${code}`))
      } else {
        resolve(res)
      }
    })
    request.on('timeout', () => {
      const error = new StorageError(`${STORAGE} sent nothing for ${(idleMs / 1000).toFixed(1)}s`)
      response?.destroy(error)
      request.destroy(error)
    })
    request.on('error', (error) =>
      reject(
        error instanceof StorageError
          ? error
          : new StorageError(`the connection to ${STORAGE} failed (${error.message})`, {
              cause: error
            })
      )
    )
  })
}
