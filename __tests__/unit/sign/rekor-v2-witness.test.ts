/**
 * Rekor v2 signing through the run's witnesses (src/sign/context.ts): a message signature and a
 * DSSE statement are both logged as hashedrekord 0.0.2 on the sandbox's v2 log and verify with
 * @sigstore/verify; the library's own v2 witness alone cannot log the DSSE statement.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign'
import { toSignedEntity } from '@sigstore/verify'
import { witnessesFor } from '../../../src/sign/context.js'
import type { Instance } from '../../../src/sigstore/instance.js'
import {
  policyFor,
  signerFor,
  startStack,
  verifierFor,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const statement = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a.tar.gz', digest: { sha256: 'b'.repeat(64) } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {}
  })
)
const TYPE = 'application/vnd.in-toto+json'

describe('Rekor v2 witnesses', () => {
  let stack: Stack
  let instance: Instance
  const requests: string[] = []

  beforeAll(async () => {
    stack = await startStack(
      {},
      { onRequest: (service, method, path) => requests.push(`${service} ${method} ${path}`) }
    )
    instance = {
      name: 'custom',
      fulcioUrl: stack.sigstore.fulcioUrl,
      rekorUrl: stack.sigstore.rekorV2Url,
      rekorVersion: 2,
      tsaUrl: `${stack.sigstore.tsaUrl}/api/v1/timestamp`,
      trustedRoot: TrustedRoot.fromJSON(stack.sigstore.trustedRoot())
    }
  })
  afterAll(() => stack.close())

  it('log a DSSE statement as hashedrekord 0.0.2 over its PAE digest, and it verifies', async () => {
    const builder = new DSSEBundleBuilder({
      signer: signerFor(stack),
      witnesses: witnessesFor(instance)
    })
    const bundle = await builder.create({ data: statement, type: TYPE })
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
      kind: 'hashedrekord',
      version: '0.0.2'
    })
    expect(requests).toContain('rekor-v2 POST /api/v2/log/entries')
    expect(requests).not.toContain('rekor POST /api/v1/log/entries')
    const signer = verifierFor(stack.sigstore).verify(toSignedEntity(bundle), policyFor(stack))
    expect(signer.identity?.subjectAlternativeName).toBe(policyFor(stack).subjectAlternativeName)
  })

  it('log a message signature through the library on v2, and it verifies', async () => {
    const artifact = Buffer.from('asset\n')
    const builder = new MessageSignatureBundleBuilder({
      signer: signerFor(stack),
      witnesses: witnessesFor(instance)
    })
    const bundle = await builder.create({ data: artifact })
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion.version).toBe('0.0.2')
    expect(() =>
      verifierFor(stack.sigstore).verify(toSignedEntity(bundle, artifact), policyFor(stack))
    ).not.toThrow()
  })

  it('are needed: the library alone sends a dsse entry, which Rekor v2 refuses', async () => {
    const builder = new DSSEBundleBuilder({
      signer: signerFor(stack),
      witnesses: [new RekorWitness({ rekorBaseURL: stack.sigstore.rekorV2Url, majorApiVersion: 2 })]
    })
    await expect(builder.create({ data: statement, type: TYPE })).rejects.toThrow(
      'invalid type, must be hashedrekord'
    )
  })
})
