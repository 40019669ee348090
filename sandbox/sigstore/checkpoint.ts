/**
 * Rekor v1's signed checkpoints: a signed note (transparency-dev/formats) whose body is
 * `<origin>\n<size>\n<base64 root>\n`, with origin `<hostname> - <treeID>` and one signature line
 * `— <hostname> base64(keyHint ‖ ECDSA-SHA256 signature)`, keyHint being the first 4 bytes of the
 * log ID (SHA-256 of the key's DER), as rekor pkg/util/signed_note.go writes it.
 */
import { sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

export interface CheckpointSigner {
  /** Signature name: verifiers look for it in the log's base URL. */
  hostname: string
  treeId: string
  logId: Buffer
  key: KeyObject
}

export function signedCheckpoint(signer: CheckpointSigner, size: number, rootHash: Buffer): string {
  const note = `${signer.hostname} - ${signer.treeId}\n${size}\n${rootHash.toString('base64')}\n`
  const signature = sign('sha256', Buffer.from(note), signer.key)
  const line = Buffer.concat([signer.logId.subarray(0, 4), signature]).toString('base64')
  return `${note}\n\u2014 ${signer.hostname} ${line}\n`
}
