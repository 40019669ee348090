import { createHash, createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { p256 as noble } from '@noble/curves/nist.js'
import { p256, signPrehashed, verifyPrehashed } from '../../../src/util/p256.js'

/** noble's own answer, which OpenSSL's multiplications must give too. */
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
  it('answers as noble does for valid, altered and malformed signatures', () => {
    const { secretKey } = p256.keygen()
    const key = p256.getPublicKey(secretKey, false)
    const otherKey = p256.getPublicKey(p256.keygen().secretKey, false)
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

  it('refuses a signature whose sum Q + (e/r)·G is the point at infinity (no x to compare)', () => {
    const { secretKey } = p256.keygen()
    const key = p256.getPublicKey(secretKey, false)
    const { Fn } = p256.Point
    const d = BigInt(`0x${Buffer.from(secretKey).toString('hex')}`)
    // Any r, and the digest e = −r·d (mod n): then Q = d·G = −(e/r)·G.
    for (const r of [1n, 12345n, Fn.ORDER - 2n]) {
      const e = Fn.neg(Fn.mul(r, d))
      const digest = Buffer.from(e.toString(16).padStart(64, '0'), 'hex')
      const signature = new p256.Signature(r, 7n).toBytes('der')
      const sum = p256.Point.fromBytes(key).add(p256.Point.BASE.multiply(Fn.mul(e, Fn.inv(r))))
      expect(sum.is0()).toBe(true)
      expect(verifyPrehashed(key, digest, signature)).toBe(false)
      expect(reference(signature, digest, key)).toBe(false)
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

/** The key as Node's crypto takes it (an uncompressed point as a JWK). */
function nodeKey(point: Uint8Array): ReturnType<typeof createPublicKey> {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) },
    format: 'jwk'
  })
}

describe('signPrehashed (P-256 over a SHA-256 digest)', () => {
  it('makes signatures OpenSSL and noble verify over the data the digest is of, with a fresh nonce each time', () => {
    const { secretKey } = p256.keygen()
    const point = p256.getPublicKey(secretKey, false)
    const data = randomBytes(1000)
    const digest = createHash('sha256').update(data).digest()
    const signatures = Array.from({ length: 20 }, () => signPrehashed(secretKey, digest))
    for (const signature of signatures) {
      expect(nodeVerify('sha256', data, nodeKey(point), signature)).toBe(true)
      expect(reference(signature, digest, point)).toBe(true)
      expect(verifyPrehashed(point, digest, signature)).toBe(true)
      // Another digest, or another key, does not verify.
      expect(nodeVerify('sha256', randomBytes(1000), nodeKey(point), signature)).toBe(false)
      const other = p256.getPublicKey(p256.keygen().secretKey, false)
      expect(nodeVerify('sha256', data, nodeKey(other), signature)).toBe(false)
    }
    const rs = signatures.map((s) => p256.Signature.fromBytes(s, 'der').r)
    expect(new Set(rs).size).toBe(signatures.length)
  })

  it('makes low-S signatures only, which verifiers that insist on low S accept', () => {
    const { secretKey } = p256.keygen()
    const point = p256.getPublicKey(secretKey, false)
    const half = p256.Point.Fn.ORDER >> 1n
    // Without normalising, about half of them would have S above n/2.
    for (let i = 0; i < 40; i++) {
      const digest = randomBytes(32)
      const signature = signPrehashed(secretKey, digest)
      expect(p256.Signature.fromBytes(signature, 'der').s <= half).toBe(true)
      expect(noble.verify(signature, digest, point, { prehash: false, format: 'der' })).toBe(true)
    }
  })

  it('signs and checks the digest that is 0 mod n (u1 = 0: no multiple of the base point)', () => {
    const { secretKey } = p256.keygen()
    const point = p256.getPublicKey(secretKey, false)
    const zero = new Uint8Array(32)
    const order = Buffer.from(p256.Point.Fn.ORDER.toString(16), 'hex')
    for (const digest of [zero, order]) {
      const signature = signPrehashed(secretKey, digest)
      expect(reference(signature, digest, point)).toBe(true)
      expect(verifyPrehashed(point, digest, signature)).toBe(true)
      expect(verifyPrehashed(point, randomBytes(32), signature)).toBe(false)
    }
  })

  it('refuses a digest that is not 32 bytes and a scalar that is no secret key', () => {
    const { secretKey } = p256.keygen()
    expect(() => signPrehashed(secretKey, new Uint8Array(31))).toThrow(/32 bytes/)
    expect(() => signPrehashed(new Uint8Array(32), randomBytes(32))).toThrow(/secret scalar/)
    const order = Buffer.from(p256.Point.Fn.ORDER.toString(16), 'hex')
    expect(() => signPrehashed(order, randomBytes(32))).toThrow(/secret scalar/)
  })
})
