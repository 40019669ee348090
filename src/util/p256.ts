/**
 * noble's P-256, for the prehashed ECDSA signatures and checks Node's crypto cannot make (it signs
 * and verifies only data it hashes itself, and assets are hashed as they stream). noble builds a
 * table of base-point multiples on first use in each process; its default (6-bit windows) costs
 * more than a run's few signatures save with it. 4-bit windows build in about half the time: a
 * cold first signature took about 20 ms against 40 ms (Node 24, measured for docs/benchmarks.md).
 */
import { p256 } from '@noble/curves/nist.js'

// Lazy: the smaller table is built on the first multiplication, as the default one would be.
p256.Point.BASE.precompute(4)

export { p256 }

type Point = InstanceType<typeof p256.Point>

/**
 * Checks of one key before its table of multiples is built. noble's `verify` works the key's
 * multiples out again for every signature (about 3 ms each on a 2-core VM); a run's or a release's
 * bundles all carry one key, and with the key's table kept a check takes about 1.2 ms. The table
 * costs about 30 ms to build: worth it from a couple of dozen signatures on.
 */
const CHECKS_BEFORE_TABLE = 16
/** Keys counted or kept at once (a release's signers are few; the memo starts over past this). */
const KEYS_KEPT = 64

const keys = new Map<string, { checks: number; point?: Point }>()

/**
 * ECDSA P-256 over a SHA-256 digest, with a DER signature (high S accepted, as OpenSSL and the
 * other Sigstore clients do). False for anything malformed.
 */
export function verifyPrehashed(
  publicKey: Uint8Array,
  digest: Uint8Array,
  signature: Uint8Array
): boolean {
  try {
    const point = tableFor(publicKey)
    if (!point || digest.length !== 32)
      return p256.verify(signature, digest, publicKey, {
        prehash: false,
        format: 'der',
        lowS: false
      })
    // SEC 1: R = u1·G + u2·Q with u1 = e/s and u2 = r/s (mod n); valid when x(R) mod n = r.
    const { Fn } = p256.Point
    const { r, s } = p256.Signature.fromBytes(signature, 'der') // r and s in [1, n)
    const e = Fn.create(BigInt(`0x${Buffer.from(digest).toString('hex')}`))
    const sInverse = Fn.inv(s)
    const R = p256.Point.BASE.multiplyUnsafe(Fn.create(e * sInverse)).add(
      point.multiplyUnsafe(Fn.create(r * sInverse))
    )
    return !R.is0() && Fn.create(R.toAffine().x) === r
  } catch {
    return false
  }
}

/** The key as a point with its table once it has been used often enough; undefined before. */
function tableFor(publicKey: Uint8Array): Point | undefined {
  const id = Buffer.from(publicKey).toString('hex')
  let known = keys.get(id)
  if (!known) {
    if (keys.size >= KEYS_KEPT) keys.clear()
    keys.set(id, (known = { checks: 0 }))
  }
  if (++known.checks <= CHECKS_BEFORE_TABLE) return undefined
  if (!known.point) {
    const point = p256.Point.fromBytes(publicKey) // on the curve, or it throws
    if (point.is0()) return undefined
    point.precompute(6, false)
    known.point = point
  }
  return known.point
}
