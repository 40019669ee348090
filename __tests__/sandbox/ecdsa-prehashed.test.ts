import { randomBytes } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { p256, p384 } from '@noble/curves/nist.js'
import { verifyPrehashed } from '../../sandbox/sigstore/ecdsa-prehashed.js'

/** What the stand-in Rekor must agree with: noble's own verification of a prehashed signature. */
function reference(
  curve: typeof p256,
  signature: Uint8Array,
  digest: Uint8Array,
  key: Uint8Array
): boolean {
  try {
    return curve.verify(signature, digest, key, { prehash: false, format: 'der', lowS: false })
  } catch {
    return false
  }
}

function ours(curve: typeof p256, signature: Uint8Array, digest: Uint8Array, key: Uint8Array) {
  try {
    return verifyPrehashed(curve, signature, digest, key)
  } catch {
    return false
  }
}

/** The same signature with S replaced by n − S: valid too (Rekor does not require low S). */
function highS(curve: typeof p256, signature: Uint8Array): Uint8Array {
  const sig = curve.Signature.fromBytes(signature, 'der')
  return new curve.Signature(sig.r, curve.Point.Fn.ORDER - sig.s).toBytes('der')
}

describe.each([
  ['P-256', p256, 32],
  ['P-384', p384, 48]
])("the stand-in Rekor's signature check on %s", (_name, curve, digestBytes) => {
  it('agrees with noble on valid and altered signatures', () => {
    const { secretKey } = curve.keygen()
    const key = curve.getPublicKey(secretKey, false)
    const other = curve.getPublicKey(curve.keygen().secretKey, false)
    for (let i = 0; i < 12; i++) {
      const digest = randomBytes(digestBytes)
      const signature = curve.sign(digest, secretKey, { prehash: false, format: 'der' })
      const altered = Uint8Array.from(digest)
      altered[i] = (altered[i] ?? 0) ^ 1
      const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
        [signature, digest, key],
        [highS(curve, signature), digest, key],
        [signature, altered, key],
        [signature, digest, other],
        [signature.subarray(0, signature.length - 1), digest, key]
      ]
      for (const [sig, d, k] of cases)
        expect(ours(curve, sig, d, k)).toBe(reference(curve, sig, d, k))
      expect(ours(curve, signature, digest, key)).toBe(true)
      expect(ours(curve, signature, altered, key)).toBe(false)
    }
  })

  it('accepts a signature over the digest n (0 mod n, so no multiple of the base point)', () => {
    const { secretKey } = curve.keygen()
    const key = curve.getPublicKey(secretKey, false)
    const order = Buffer.from(
      curve.Point.Fn.ORDER.toString(16).padStart(digestBytes * 2, '0'),
      'hex'
    )
    for (let i = 0; i < 5; i++) {
      const signature = curve.sign(order, secretKey, { prehash: false, format: 'der' })
      expect(reference(curve, signature, order, key)).toBe(true)
      expect(ours(curve, signature, order, key)).toBe(true)
    }
  })

  it('refuses a signature whose sum P + (h/r)·G is the point at infinity', () => {
    const { secretKey } = curve.keygen()
    const key = curve.getPublicKey(secretKey, false)
    const { Fn } = curve.Point
    const d = BigInt(`0x${Buffer.from(secretKey).toString('hex')}`)
    for (const r of [1n, 99n, Fn.ORDER - 5n]) {
      const h = Fn.neg(Fn.mul(r, d)) // then P = d·G = −(h/r)·G
      const digest = Buffer.from(h.toString(16).padStart(digestBytes * 2, '0'), 'hex')
      const signature = new curve.Signature(r, 3n).toBytes('der')
      expect(
        curve.Point.fromBytes(key)
          .add(curve.Point.BASE.multiply(Fn.mul(h, Fn.inv(r))))
          .is0()
      ).toBe(true)
      expect(ours(curve, signature, digest, key)).toBe(false)
      expect(reference(curve, signature, digest, key)).toBe(false)
    }
  })

  it('checks a digest longer than the order the plain way, as noble does', () => {
    const { secretKey } = curve.keygen()
    const key = curve.getPublicKey(secretKey, false)
    const digest = randomBytes(64)
    const signature = curve.sign(digest, secretKey, { prehash: false, format: 'der' })
    expect(ours(curve, signature, digest, key)).toBe(true)
    expect(ours(curve, signature, randomBytes(64), key)).toBe(false)
  })
})
