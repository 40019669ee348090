/**
 * Files of deleted large assets, kept for the next uploads to write over. Writing into memory a VM
 * has given back to its host is slow: on the 2-core bench VM a new 1 GiB file in /dev/shm took
 * 3.4–3.8 s and the same bytes written over an existing file 0.4 s. The real storage is another
 * machine's: the stand-in's page faults should not be what an upload benchmark measures.
 *
 * Only where asked (the benchmarks' sandboxes): a download still reading a deleted asset would
 * see a later upload's bytes, where a removed file keeps its bytes for the readers it has.
 */
import { rename, rm, stat } from 'node:fs/promises'
import type { Store } from './store.js'

/** Smaller files are simply removed: their pages cost nothing worth keeping. */
const KEEP_FROM_BYTES = 64 * 1024 * 1024
/** Spare files kept per store (the bench's largest two assets). */
const KEEP_AT_MOST = 2

/** The spare files of each store that keeps them. */
const spares = new WeakMap<Store, string[]>()

export function keepSpareFiles(store: Store): void {
  spares.set(store, [])
}

/** Removes a deleted asset's file, or keeps it as a spare when it is large and the store keeps them. */
export async function retireFile(store: Store, path: string): Promise<void> {
  const kept = spares.get(store)
  if (!kept) {
    await rm(path, { force: true })
    return
  }
  const size = await stat(path).then(
    (s) => s.size,
    () => 0
  )
  if (size < KEEP_FROM_BYTES || kept.length >= KEEP_AT_MOST) {
    await rm(path, { force: true })
    return
  }
  const spare = `${path}.spare`
  await rename(path, spare)
  kept.push(spare)
}

/**
 * Moves a spare file to `path` for a large upload of `length` bytes to write over (true), or leaves
 * `path` to be created (false). The upload truncates it to its own length once written.
 */
export async function takeSpare(store: Store, path: string, length: number): Promise<boolean> {
  if (length < KEEP_FROM_BYTES) return false
  const spare = spares.get(store)?.pop()
  if (!spare) return false
  await rename(spare, path)
  return true
}
