/**
 * A message-signature bundle for one digest, made with the sandbox's Fulcio, Rekor and TSA: v0.3,
 * the certificate alone (no chain), the signature over the digest, then each witness's material in
 * order; it verifies with @sigstore/verify against the sandbox's trusted root.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import { witnessesFor } from '../../../src/sign/context.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { createRunSigner, type RunSigner } from '../../../src/sign/signer.js'
import { startStack, verifierFor, type Stack } from '../../sandbox/sigstore-fixture.js'

const FETCH = { timeout: 5000, retry: { retries: 0, minTimeout: 0, factor: 1 } }
const DATA = Buffer.from('app v1')
const DIGEST = createHash('sha256').update(DATA).digest()
let stack: Stack
let signer: RunSigner

beforeAll(async () => {
  stack = await startStack()
  signer = await createRunSigner(stack.sigstore.fulcioUrl, await stack.oidc.mint('sigstore'), FETCH)
})
afterAll(async () => {
  await stack.close()
})

const instance = (parts: { rekor?: boolean; tsa?: boolean }) =>
  ({
    name: 'custom',
    fulcioUrl: stack.sigstore.fulcioUrl,
    rekorUrl: parts.rekor ? stack.sigstore.rekorUrl : undefined,
    tsaUrl: parts.tsa ? stack.sigstore.tsaUrl : undefined
  }) as never

describe('signDigestBundle', () => {
  it('makes a v0.3 bundle with a log entry and a timestamp that verifies for the bytes', async () => {
    const json = await signDigestBundle(
      signer,
      witnessesFor(instance({ rekor: true, tsa: true }), FETCH),
      DIGEST
    )
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json')
    expect(json.verificationMaterial.certificate?.rawBytes).toBe(
      signer.certificateDer.toString('base64')
    )
    expect(json.verificationMaterial.x509CertificateChain).toBeUndefined()
    expect(json.messageSignature?.messageDigest).toEqual({
      algorithm: 'SHA2_256',
      digest: DIGEST.toString('base64')
    })
    expect(json.verificationMaterial.tlogEntries).toHaveLength(1)
    expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
    const verifier = verifierFor(stack.sigstore, { timestampThreshold: 2 })
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(json), DATA))).not.toThrow()
    expect(() =>
      verifier.verify(toSignedEntity(bundleFromJSON(json), Buffer.from('app v2')))
    ).toThrow()
  })

  it('holds only what the witnesses gave: a timestamp alone for an instance without a log', async () => {
    const json = await signDigestBundle(
      signer,
      witnessesFor(instance({ tsa: true }), FETCH),
      DIGEST
    )
    expect(json.verificationMaterial.tlogEntries ?? []).toEqual([])
    expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
  })
})
