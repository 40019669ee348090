import { randomBytes } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { p256 as noble } from '@noble/curves/nist.js'
import { p256, verifyPrehashed } from '../../../src/util/p256.js'

/** noble's own answer: what the kept tables must never change. */
function reference(signature: Uint8Array, digest: Uint8Array, key: Uint8Array): boolean {
  try {
    return noble.verify(signature, digest, key, { prehash: false, format: 'der', lowS: false })
  } catch {
    return false
  }
}

/** The same signature with S replaced by n − S: valid too (high S is accepted). */
function highS(signature: Uint8Array): Uint8Array {
  const sig = p256.Signature.fromBytes(signature, 'der')
  return new p256.Signature(sig.r, p256.Point.Fn.ORDER - sig.s).toBytes('der')
}

describe('verifyPrehashed (P-256 over a SHA-256 digest)', () => {
  it("answers as noble does for valid, altered and malformed signatures, before and after the key's table is kept", () => {
    const { secretKey } = p256.keygen()
    const key = p256.getPublicKey(secretKey, false)
    const otherKey = p256.getPublicKey(p256.keygen().secretKey, false)
    // Well past the checks after which the key's table is built and used.
    for (let i = 0; i < 40; i++) {
      const digest = randomBytes(32)
      const signature = p256.sign(digest, secretKey, { prehash: false, format: 'der' })
      const altered = Uint8Array.from(digest)
      altered[i % 32] = (altered[i % 32] ?? 0) ^ 0x80
      const badSignature = Uint8Array.from(signature)
      badSignature[badSignature.length - 1] = (badSignature[badSignature.length - 1] ?? 0) ^ 1
      const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
        [signature, digest, key, true],
        [highS(signature), digest, key, true],
        [signature, altered, key, false],
        [badSignature, digest, key, false],
        [signature, digest, otherKey, false],
        [signature.subarray(1), digest, key, false],
        [signature, digest.subarray(0, 31), key, false]
      ]
      for (const [sig, d, k, valid] of cases) {
        expect(verifyPrehashed(k, d, sig)).toBe(valid)
        expect(reference(sig, d, k)).toBe(valid)
      }
    }
  })

  it('refuses a key that is not a point on the curve, however often it is offered', () => {
    const digest = randomBytes(32)
    const { secretKey } = p256.keygen()
    const signature = p256.sign(digest, secretKey, { prehash: false, format: 'der' })
    const notAPoint = Uint8Array.from(p256.getPublicKey(secretKey, false))
    notAPoint[64] = (notAPoint[64] ?? 0) ^ 1
    for (let i = 0; i < 20; i++) expect(verifyPrehashed(notAPoint, digest, signature)).toBe(false)
  })
})
