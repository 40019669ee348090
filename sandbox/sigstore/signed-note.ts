/**
 * C2SP signed notes with Ed25519 keys, as Rekor v2 signs its checkpoints (c2sp.org/signed-note,
 * c2sp.org/tlog-checkpoint): the key ID is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key), its
 * first 4 bytes are the key hint, and each signature line is `— <name> base64(hint ‖ signature)`.
 */
import { createHash, sign, type KeyObject } from 'node:crypto'

/** Signature type byte of Ed25519 in signed notes. */
const ED25519 = 0x01

export interface NoteKey {
  /** The key's name in signature lines: the log's origin. */
  name: string
  privateKey: KeyObject
  publicKey: KeyObject
}

/** The raw 32-byte Ed25519 public key (the tail of its SPKI DER). */
export function rawEd25519(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  return spki.subarray(spki.length - 32)
}

/** The full key ID; Sigstore's trusted root and entries carry it as the Rekor v2 log ID. */
export function noteKeyId(name: string, publicKey: KeyObject): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ED25519]))
    .update(rawEd25519(publicKey))
    .digest()
}

/** The checkpoint body: origin, tree size, base64 root hash, each on its own line. */
export function checkpointBody(origin: string, size: number, rootHash: Buffer): string {
  return `${origin}\n${size}\n${rootHash.toString('base64')}\n`
}

/** Signs a note text (which ends in a newline) and appends the blank line and signature line. */
export function signNote(text: string, key: NoteKey): string {
  const signature = sign(null, Buffer.from(text), key.privateKey)
  const hint = noteKeyId(key.name, key.publicKey).subarray(0, 4)
  return `${text}\n\u2014 ${key.name} ${Buffer.concat([hint, signature]).toString('base64')}\n`
}
