/**
 * Rekor's log state, one shard: a Merkle tree integrating each entry at once, the entries, the
 * search index, and the LogEntry JSON rekor-server renders (SET, inclusion proof in the current
 * tree, signed checkpoint).
 */
import { randomBytes, sign } from 'node:crypto'
import canonicalize from 'canonicalize'
import { signedCheckpoint } from './checkpoint.js'
import { unixSeconds, type Clock } from './clock.js'
import { leafHash, MerkleTree } from './merkle.js'
import type { KeyPair } from './pki.js'
import type { CanonicalEntry } from './rekor-entries.js'

export interface LogOptions {
  key: KeyPair
  /** SHA-256 of the key's DER: the log ID. */
  logId: Buffer
  clock: Clock
  /** `host:port` the log is reached at: the checkpoint's signature name and origin. */
  hostname: () => string
}

export interface StoredEntry {
  index: number
  /** The Merkle leaf hash, hex: Rekor's entry UUID. */
  uuid: string
  body: Buffer
  integratedTime: number
}

export class TransparencyLog {
  private readonly tree = new MerkleTree()
  private readonly entries: StoredEntry[] = []
  private readonly byUuid = new Map<string, StoredEntry>()
  private readonly index = new Map<string, Set<string>>()
  /** Trillian tree IDs are positive int64s; entry IDs carry them as 16 hex digits. */
  readonly treeId = (randomBytes(8).readBigUInt64BE() >> 1n).toString()
  private readonly treeIdHex = BigInt(this.treeId).toString(16).padStart(16, '0')

  constructor(private readonly options: LogOptions) {}

  /** Appends an entry, or returns the equal entry already in the log. */
  add(canonical: CanonicalEntry): { entry: StoredEntry; existing: boolean } {
    const existing = this.find(canonical)
    if (existing) return { entry: existing, existing: true }
    const uuid = leafHash(canonical.body).toString('hex')
    const entry: StoredEntry = {
      index: this.tree.append(Buffer.from(uuid, 'hex')),
      uuid,
      body: canonical.body,
      integratedTime: unixSeconds(this.options.clock())
    }
    this.entries.push(entry)
    this.byUuid.set(uuid, entry)
    for (const key of canonical.indexKeys) {
      const ids = this.index.get(key) ?? new Set<string>()
      ids.add(this.entryId(entry))
      this.index.set(key, ids)
    }
    return { entry, existing: false }
  }

  find(canonical: CanonicalEntry): StoredEntry | undefined {
    return this.byUuid.get(leafHash(canonical.body).toString('hex'))
  }

  at(index: number): StoredEntry | undefined {
    return this.entries[index]
  }

  /** By UUID (64 hex digits) or entry ID (tree ID then UUID, 80 hex digits). */
  byId(id: string): StoredEntry | undefined {
    if (id.length === 80 && id.slice(0, 16).toLowerCase() !== this.treeIdHex) return undefined
    return this.byUuid.get(id.slice(-64).toLowerCase())
  }

  /** Entry IDs indexed under the keys: under any of them, or under all with `and`. */
  search(keys: string[], operator: 'and' | 'or'): string[] {
    const sets = keys.map((k) => this.index.get(k.toLowerCase()) ?? new Set<string>())
    if (operator === 'and') return [...(sets[0] ?? [])].filter((id) => sets.every((s) => s.has(id)))
    return [...new Set(sets.flatMap((s) => [...s]))]
  }

  entryId(entry: StoredEntry): string {
    return this.treeIdHex + entry.uuid
  }

  /** `GET /api/v1/log`: the current tree head. */
  info(): { rootHash: string; signedTreeHead: string; treeID: string; treeSize: number } {
    const size = this.tree.size
    const root = this.tree.root()
    return {
      rootHash: root.toString('hex'),
      signedTreeHead: this.checkpoint(size, root),
      treeID: this.treeId,
      treeSize: size
    }
  }

  /** `{entryID: LogEntryAnon}` with the SET and an inclusion proof in the current tree. */
  render(entry: StoredEntry): Record<string, unknown> {
    const anon = {
      body: entry.body.toString('base64'),
      integratedTime: entry.integratedTime,
      logID: this.options.logId.toString('hex'),
      logIndex: entry.index
    }
    // The SET signs the canonical JSON of exactly these four fields.
    const set = sign('sha256', Buffer.from(canonicalize(anon) ?? ''), this.options.key.privateKey)
    const size = this.tree.size
    const root = this.tree.root(size)
    return {
      [this.entryId(entry)]: {
        ...anon,
        verification: {
          inclusionProof: {
            checkpoint: this.checkpoint(size, root),
            hashes: this.tree.inclusionProof(entry.index, size).map((h) => h.toString('hex')),
            logIndex: entry.index,
            rootHash: root.toString('hex'),
            treeSize: size
          },
          signedEntryTimestamp: set.toString('base64')
        }
      }
    }
  }

  private checkpoint(size: number, root: Buffer): string {
    const { hostname, key, logId } = this.options
    return signedCheckpoint(
      { hostname: hostname(), treeId: this.treeId, logId, key: key.privateKey },
      size,
      root
    )
  }
}
