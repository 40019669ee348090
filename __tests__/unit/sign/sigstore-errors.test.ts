/**
 * What a Sigstore service's failure means to the user. The failures are @sigstore/sign's own: its
 * Fulcio signer, Rekor witness and TSA witness, pointed at a local server that answers what each case
 * needs (no retries), throw what the action then classifies by service, status and server text.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { FulcioSigner, RekorWitness, TSAWitness, type SignatureBundle } from '@sigstore/sign'
import { UserError } from '../../../src/errors.js'
import { sigstoreError, type SigstoreUrls } from '../../../src/sign/sigstore-errors.js'

/** The next answer of the server: a status and a JSON body, or a dropped connection. */
let answer: { status: number; body: unknown } | 'drop' = { status: 500, body: {} }
let server: Server
let base = ''
const urls = (): Required<SigstoreUrls> => ({
  fulcioUrl: `${base}/fulcio`,
  rekorUrl: `${base}/rekor`,
  tsaUrl: `${base}/tsa`
})
const NO_RETRY = { retry: { retries: 0 }, timeout: 5000 }

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    if (answer === 'drop') {
      res.socket?.destroy()
      return
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A token the signer can read the subject of (Fulcio, here, refuses it). */
const TOKEN = [
  'e30',
  Buffer.from('{"sub":"repo:o/r","iss":"https://issuer"}').toString('base64url'),
  'c'
].join('.')
const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString()
const content: SignatureBundle = {
  $case: 'messageSignature',
  messageSignature: {
    messageDigest: { algorithm: 'SHA2_256', digest: Buffer.alloc(32, 1) },
    signature: Buffer.alloc(64, 2)
  }
} as unknown as SignatureBundle

/** What @sigstore/sign throws when the service answers `answer`. */
async function failureOf(service: 'fulcio' | 'rekor' | 'tsa'): Promise<unknown> {
  const attempt =
    service === 'fulcio'
      ? new FulcioSigner({
          fulcioBaseURL: urls().fulcioUrl,
          identityProvider: { getToken: () => Promise.resolve(TOKEN) },
          ...NO_RETRY
        }).sign(Buffer.from('x'))
      : service === 'rekor'
        ? new RekorWitness({ rekorBaseURL: urls().rekorUrl, ...NO_RETRY }).testify(
            content,
            publicPem
          )
        : new TSAWitness({ tsaBaseURL: urls().tsaUrl, ...NO_RETRY }).testify(content)
  return attempt.then(
    () => {
      throw new Error('the service call succeeded')
    },
    (error: unknown) => error
  )
}

async function classified(service: 'fulcio' | 'rekor' | 'tsa', what?: string): Promise<UserError> {
  const error = sigstoreError(await failureOf(service), urls(), what)
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

describe('sigstoreError', () => {
  it("says Fulcio refused the run's token, naming its URL and what it answered", async () => {
    answer = { status: 401, body: { code: 401, message: 'error processing the identity token' } }
    const error = await classified('fulcio')
    expect(error.code).toBe('FULCIO')
    expect(error.message).toBe(
      `Fulcio at ${base}/fulcio did not issue a certificate (HTTP 401: "error processing the identity token")`
    )
    expect(error.hint).toContain("Fulcio refused the run's OIDC token")
  })

  it('names the file Rekor did not log, and asks to check the URL when Rekor refused it', async () => {
    answer = { status: 400, body: { code: 400, message: 'bad entry\nat line 2' } }
    const error = await classified('rekor', 'app.tar.gz')
    expect(error.code).toBe('REKOR')
    expect(error.message).toBe(
      `Rekor at ${base}/rekor did not log "app.tar.gz" (HTTP 400: "bad entry")`
    )
    expect(error.hint).toContain(`check that ${base}/rekor is the instance's Rekor`)
  })

  it('says an entry Rekor says exists but cannot be fetched will be new on a re-run', async () => {
    answer = { status: 409, body: { code: 409, message: 'an equivalent entry already exists' } }
    const error = await classified('rekor', 'app.tar.gz')
    expect(error.code).toBe('REKOR')
    expect(error.message).toContain('it says the entry exists but not where')
    expect(error.hint).toContain('a re-run signs with a new key')
  })

  it.each([429, 503])('asks for a re-run when the TSA answered HTTP %i', async (status) => {
    answer = { status, body: { message: 'busy' } }
    const error = await classified('tsa', 'SHA256SUMS')
    expect(error.code).toBe('TSA')
    expect(error.message).toBe(
      `The timestamp authority at ${base}/tsa did not timestamp "SHA256SUMS" (HTTP ${status} after retries: "busy")`
    )
    expect(error.hint).toBe(
      're-run the job: nothing was uploaded, as every file is signed before any is'
    )
  })

  it('says no usable answer came when the connection was lost', async () => {
    answer = 'drop'
    const error = await classified('rekor', 'a.zip')
    expect(error.message).toMatch(
      new RegExp(`^Rekor at ${base}/rekor did not log "a.zip" \\(no usable answer after retries: "`)
    )
    expect(error.hint).toContain('re-run the job')
  })

  it('leaves what names no service alone, unless told whose it is', () => {
    const plain = new Error('Fulcio returned no certificate')
    expect(sigstoreError(plain, urls())).toBe(plain)
    const fulcio = sigstoreError(plain, urls(), undefined, 'FULCIO') as UserError
    expect(fulcio.code).toBe('FULCIO')
    expect(fulcio.message).toContain('(no usable answer after retries: "Fulcio returned no')
    const user = new UserError('OIDC', 'no token')
    expect(sigstoreError(user, urls(), 'a', 'FULCIO')).toBe(user)
  })

  it('names a service whose URL is not configured without inventing one', async () => {
    answer = { status: 502, body: { message: 'bad gateway' } }
    const error = sigstoreError(await failureOf('tsa'), { fulcioUrl: 'x' }, 'a') as UserError
    expect(error.message).toMatch(/^The timestamp authority at its configured URL did not/)
  })
})
