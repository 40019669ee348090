/**
 * Rekor v2's log state. The real server (rekor-tiles on Tessera) stores a tiled log; this stand-in
 * keeps the leaves in memory in an RFC 6962 tree, which yields the same inclusion proofs and root
 * hashes. Each entry is rendered as the TransparencyLogEntry rekor-tiles returns: kind and
 * version, canonicalized body, an inclusion proof with a checkpoint signed as a C2SP signed note
 * by the log's Ed25519 key. There is no SET and no integrated time: timestamps come from a TSA.
 */
import type { KeyObject } from 'node:crypto'
import { leafHash, MerkleTree } from './merkle.js'
import { checkpointBody, noteKeyId, signNote } from './signed-note.js'

export interface LogV2Options {
  privateKey: KeyObject
  publicKey: KeyObject
  /** The log's origin (its host, as the public-good shards name themselves), known once it listens. */
  origin: () => string
}

export class TransparencyLogV2 {
  private readonly tree = new MerkleTree()
  private readonly bodies: Buffer[] = []
  private readonly indexOf = new Map<string, number>()

  constructor(private readonly options: LogV2Options) {}

  /** The log ID: the checkpoint key's ID. */
  logId(): Buffer {
    return noteKeyId(this.options.origin(), this.options.publicKey)
  }

  /** Appends a canonicalized body, or finds the equal one already logged; returns its index. */
  add(body: Buffer): number {
    const leaf = leafHash(body)
    const known = this.indexOf.get(leaf.toString('hex'))
    if (known !== undefined) return known
    const index = this.tree.append(leaf)
    this.bodies.push(body)
    this.indexOf.set(leaf.toString('hex'), index)
    return index
  }

  /** The signed checkpoint of the current tree. */
  checkpoint(): string {
    return this.signedCheckpoint(this.tree.size, this.tree.root())
  }

  /** TransparencyLogEntry JSON (protobuf-specs) for the entry at `index`, proven in the current tree. */
  render(index: number): Record<string, unknown> {
    const body = this.bodies[index]
    if (!body) throw new RangeError(`no entry ${index}`)
    const size = this.tree.size
    const root = this.tree.root(size)
    return {
      logIndex: String(index),
      logId: { keyId: this.logId().toString('base64') },
      kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
      inclusionProof: {
        logIndex: String(index),
        rootHash: root.toString('base64'),
        treeSize: String(size),
        hashes: this.tree.inclusionProof(index, size).map((h) => h.toString('base64')),
        checkpoint: { envelope: this.signedCheckpoint(size, root) }
      },
      canonicalizedBody: body.toString('base64')
    }
  }

  private signedCheckpoint(size: number, root: Buffer): string {
    const { origin, privateKey, publicKey } = this.options
    return signNote(checkpointBody(origin(), size, root), {
      name: origin(),
      privateKey,
      publicKey
    })
  }
}
