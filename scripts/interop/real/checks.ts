/**
 * Checks of the real tier that read what the servers wrote rather than run a verifier: the
 * bundles' entries are Rekor v2's, and a re-run adds nothing to either log.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorsOf } from '../../../sandbox/runner.js'
import { noteKeyId } from '../../../sandbox/sigstore/signed-note.js'
import type { SignedRelease } from '../release.js'
import type { RealServers } from './servers.js'

/**
 * A tiled log's size: the second line of the checkpoint it last published. Both logs answer a
 * write only once a published checkpoint covers it (Tessera's publication awaiter), so an entry
 * the action added is counted by the time the action has finished.
 */
async function treeSize(storageDir: string): Promise<number> {
  const checkpoint = await readFile(join(storageDir, 'checkpoint'), 'utf8')
  return Number(checkpoint.split('\n')[1])
}

/**
 * Every bundle of `r` carries one rekor-tiles entry as Rekor v2 writes it: `hashedrekord` 0.0.2
 * (the provenance's DSSE envelope too), an inclusion proof and no promise, and a TSA timestamp.
 */
export async function onRekorV2(r: SignedRelease, servers: RealServers): Promise<Tally> {
  const logId = noteKeyId(servers.rekor.origin, servers.rekor.publicKey).toString('base64')
  const names = r.files.filter((f) => f.endsWith('.sigstore.json') || f.endsWith('.intoto.jsonl'))
  const wrong: string[] = []
  for (const name of names) {
    const bundle = JSON.parse(await readFile(r.file(name), 'utf8')) as {
      verificationMaterial: {
        tlogEntries: {
          logId: { keyId: string }
          kindVersion: { kind: string; version: string }
          inclusionProof?: unknown
          inclusionPromise?: unknown
        }[]
        timestampVerificationData?: { rfc3161Timestamps?: unknown[] }
      }
    }
    const { tlogEntries, timestampVerificationData } = bundle.verificationMaterial
    const entry = tlogEntries[0]
    const ok =
      tlogEntries.length === 1 &&
      entry?.logId.keyId === logId &&
      entry.kindVersion.kind === 'hashedrekord' &&
      entry.kindVersion.version === '0.0.2' &&
      entry.inclusionProof !== undefined &&
      entry.inclusionPromise === undefined &&
      (timestampVerificationData?.rfc3161Timestamps?.length ?? 0) === 1
    if (!ok) wrong.push(name)
  }
  const ok = names.length > 0 && wrong.length === 0
  console.log(
    `${ok ? 'PASS' : 'FAIL'} Rekor v2 entries: ${names.length} bundles, each a hashedrekord 0.0.2 ` +
      `entry on rekor-tiles with a TSA timestamp${wrong.length ? ` (not: ${wrong.join(', ')})` : ''}`
  )
  return ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }
}

/** Runs the action again on `r`: it must keep every bundle and add nothing to either log. */
export async function rerunKeeps(r: SignedRelease, servers: RealServers): Promise<Tally> {
  const ctStorage = servers.ctlog.storageDir
  const before = [await treeSize(servers.rekor.storageDir), await treeSize(ctStorage)]
  const run = await r.rerun()
  const after = [await treeSize(servers.rekor.storageDir), await treeSize(ctStorage)]
  const kept = run.code === 0 && run.summary.includes('(kept)')
  const ok = kept && before.join() === after.join()
  const detail =
    run.code === 0
      ? `rekor-tiles ${before[0]} -> ${after[0]} entries, TesseraCT ${before[1]} -> ${after[1]}`
      : errorsOf(run)
  console.log(
    `${ok ? 'PASS' : 'FAIL'} re-run: keeps the bundles, no new log entry or certificate (${detail})`
  )
  return ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }
}

export type Tally = { passed: number; failed: number }
export const add = (a: Tally, b: Tally): Tally => ({
  passed: a.passed + b.passed,
  failed: a.failed + b.failed
})
