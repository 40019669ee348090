/**
 * An append-only RFC 6962 Merkle tree (the hashing Trillian and Rekor use): leaf hash
 * SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right), and audit paths ordered from the
 * leaf up, as Rekor returns them.
 */
import { createHash } from 'node:crypto'

export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf)
    .digest()
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest()
}

export class MerkleTree {
  private readonly leaves: Buffer[] = []
  /** Hashes of complete (power-of-two) subtrees, which never change once the tree holds them. */
  private readonly complete = new Map<string, Buffer>()

  get size(): number {
    return this.leaves.length
  }

  /** Appends a leaf hash; returns its index. */
  append(hash: Buffer): number {
    this.leaves.push(hash)
    return this.leaves.length - 1
  }

  /** MTH of the first `size` leaves (the whole tree by default). */
  root(size = this.size): Buffer {
    if (size === 0) return createHash('sha256').digest()
    return this.hash(0, size)
  }

  /** RFC 6962 §2.1.1 PATH(index, D[0:size]). */
  inclusionProof(index: number, size = this.size): Buffer[] {
    if (index < 0 || index >= size || size > this.size)
      throw new RangeError(`no leaf ${index} in a tree of ${size}`)
    return this.path(index, 0, size)
  }

  private path(index: number, start: number, size: number): Buffer[] {
    if (size === 1) return []
    const k = largestPowerOfTwoBelow(size)
    return index < k
      ? [...this.path(index, start, k), this.hash(start + k, size - k)]
      : [...this.path(index - k, start + k, size - k), this.hash(start, k)]
  }

  private hash(start: number, size: number): Buffer {
    if (size === 1) return this.leaves[start] as Buffer
    const isComplete = (size & (size - 1)) === 0
    const key = `${start}:${size}`
    const cached = isComplete ? this.complete.get(key) : undefined
    if (cached) return cached
    const k = largestPowerOfTwoBelow(size)
    const hash = nodeHash(this.hash(start, k), this.hash(start + k, size - k))
    if (isComplete) this.complete.set(key, hash)
    return hash
  }
}

/** The largest power of two strictly below n (n ≥ 2). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
