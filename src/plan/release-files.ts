/**
 * Release-level files this action writes (the checksums file and the provenance): kept when what is
 * on the release is still current, replaced when it is ours and stale, and never written over a
 * user's file of the same name.
 */
import { UserError } from '../errors.js'
import type { Asset } from '../github/releases.js'
import { sidecarName, tempName } from '../names.js'
import type { SidecarAction } from './reconcile.js'

export interface ReleaseFilePlan {
  name: string
  action: SidecarAction
  existing?: Asset
  staleTemp?: Asset
}

/**
 * Plans one release file. `current` says whether the file on the release is what this run would
 * write; `ours` whether it was written by this action (so it may be replaced).
 */
export function planReleaseFile(
  name: string,
  input: string,
  byName: ReadonlyMap<string, Asset>,
  status: { current: boolean; ours: boolean }
): ReleaseFilePlan {
  const existing = byName.get(name)
  const staleTemp = byName.get(tempName(name))
  if (!existing) return { name, action: 'upload', staleTemp }
  if (existing.state === 'uploaded' && status.current)
    return { name, action: 'keep', existing, staleTemp }
  if (existing.state !== 'uploaded' || status.ours)
    return { name, action: 'replace', existing, staleTemp }
  throw new UserError(
    'FOREIGN_FILE',
    `The release already has an asset '${name}' that sign-release did not write`,
    `this action never replaces your files: set '${input}' to another name, or remove the asset`
  )
}

/** A checksums file is ours when it has our bundle beside it. */
export function checksumsLookOurs(name: string, byName: ReadonlyMap<string, Asset>): boolean {
  return byName.has(sidecarName(name, 'bundle'))
}
