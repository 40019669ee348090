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
