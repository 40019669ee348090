/**
 * The run's signer against the sandbox's Fulcio: one ephemeral P-256 key, certified for the token's
 * identity; a digest signature that verifies over the asset's bytes with the certificate's key; the
 * same key as a sigstore-js Signer; and Fulcio's refusal of a token as a FULCIO error.
 */
import { createHash, verify, X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startOidc, type OidcService } from '../../../sandbox/oidc/service.js'
import { createRunSigner, pemToDer, type RunSigner } from '../../../src/sign/signer.js'
import { UserError } from '../../../src/errors.js'
import { jobWorkflowRef } from '../../../sandbox/oidc/context.js'
import { startStack, type Stack } from '../../sandbox/sigstore-fixture.js'

const FETCH = { timeout: 5000, retry: { retries: 0, minTimeout: 0, factor: 1 } }
const DATA = Buffer.from('app v1')
let stack: Stack
let stranger: OidcService
let signer: RunSigner

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  stranger = await startOidc({})
  signer = await createRunSigner(stack.sigstore.fulcioUrl, await stack.oidc.mint('sigstore'), FETCH)
})
afterAll(async () => {
  await Promise.all([stack.close(), stranger.close()])
})

describe('createRunSigner', () => {
  it("is certified by Fulcio for the token's workflow, in PEM and DER alike", () => {
    const cert = new X509Certificate(signer.certificatePem)
    expect(cert.subjectAltName).toBe(
      `URI:https://github.com/${jobWorkflowRef(stack.oidc.context())}`
    )
    expect(cert.raw.equals(signer.certificateDer)).toBe(true)
    expect(pemToDer(signer.certificatePem).equals(signer.certificateDer)).toBe(true)
  })

  it("signs a digest so that the asset's bytes verify with the certificate's key", () => {
    const key = new X509Certificate(signer.certificatePem).publicKey
    const digest = createHash('sha256').update(DATA).digest()
    const signature = signer.signDigest(digest)
    expect(verify('sha256', DATA, key, signature)).toBe(true)
    expect(verify('sha256', Buffer.from('app v2'), key, signature)).toBe(false)
  })

  it('signs as a sigstore-js Signer with the same key and certificate', async () => {
    const { signature, key } = await signer.signer.sign(DATA)
    expect(key).toEqual({ $case: 'x509Certificate', certificate: signer.certificatePem })
    const publicKey = new X509Certificate(signer.certificatePem).publicKey
    expect(verify('sha256', DATA, publicKey, signature)).toBe(true)
  })

  it('makes a new key for every run', async () => {
    const again = await createRunSigner(
      stack.sigstore.fulcioUrl,
      await stack.oidc.mint('sigstore'),
      FETCH
    )
    const keyOf = (pem: string) =>
      new X509Certificate(pem).publicKey.export({ format: 'der', type: 'spki' })
    expect(keyOf(again.certificatePem).equals(keyOf(signer.certificatePem))).toBe(false)
  })

  it("reports Fulcio's refusal of a token from an issuer it does not trust", async () => {
    const error = await createRunSigner(
      stack.sigstore.fulcioUrl,
      await stranger.mint('sigstore'),
      FETCH
    ).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    expect(error).toMatchObject({
      code: 'FULCIO',
      message: expect.stringContaining(`Fulcio at ${stack.sigstore.fulcioUrl} did not issue`)
    })
  })
})
