/**
 * The run's self-check before anything is uploaded, on real bundles of the sandbox: a bundle that
 * verifies for the digest and the run's identity passes; anything else is a VERIFY error naming the
 * file; a statement comes back only from a DSSE bundle that verifies.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { signStatement } from '../../../src/sign/provenance.js'
import { selfVerifier, type SelfVerifier } from '../../../src/verify/self.js'
import { parseTrustedRoot, trustWithKey } from '../../../src/verify/trust.js'
import {
  actionSigning,
  stackPolicy,
  startStack,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
let stack: Stack
let self: SelfVerifier
let message: SerializedBundle
let statement: SerializedBundle

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  const root = parseTrustedRoot(stack.sigstore.trustedRoot())
  const context = await actionSigning(stack)
  message = await signDigestBundle(
    context.signer,
    context.witnesses,
    Buffer.from(sha('app'), 'hex')
  )
  statement = await signStatement(
    context,
    statementFor([{ name: 'app', sha256: sha('app') }], SLSA_PROVENANCE_TYPE, {})
  )
  self = selfVerifier(trustWithKey(root), stackPolicy(stack), true)
})
afterAll(async () => {
  await stack.close()
})

describe('selfVerifier', () => {
  it("passes a bundle for the digest and the run's identity", () => {
    expect(() => self.verify('app', message, sha('app'))).not.toThrow()
  })

  it('names the file whose bundle does not verify', () => {
    expect(() => self.verify('app.zip', message, sha('other'))).toThrow(
      expect.objectContaining({
        code: 'VERIFY',
        message: expect.stringMatching(/^The bundle for "app.zip" does not verify: /)
      })
    )
    const strict = selfVerifier(
      trustWithKey(parseTrustedRoot(stack.sigstore.trustedRoot())),
      { ...self.policy, san: 'https://github.com/o/r/.github/workflows/other.yml@refs/heads/main' },
      true
    )
    expect(() => strict.verify('app', message, sha('app'))).toThrow(
      expect.objectContaining({ code: 'VERIFY' })
    )
    expect(() => self.verify('app', { mediaType: 'x' } as never, sha('app'))).toThrow(
      expect.objectContaining({ code: 'VERIFY' })
    )
  })

  it('returns the statement of a DSSE bundle that verifies, and refuses a message bundle', () => {
    expect(self.verifyStatement('multiple.intoto.jsonl', statement).subject).toEqual([
      { name: 'app', digest: { sha256: sha('app') } }
    ])
    expect(() => self.verifyStatement('multiple.intoto.jsonl', message)).toThrow(
      expect.objectContaining({
        code: 'VERIFY',
        message: expect.stringMatching(/^multiple.intoto.jsonl does not verify: /)
      })
    )
  })
})
