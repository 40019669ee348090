/**
 * Release-level files this action writes (the checksums file, provenance, an SBOM statement): kept
 * when what is on the release is still current, replaced when its content proves it is ours, and
 * never written over a user's file of the same name.
 */
import type { Asset } from '../github/assets.js'
import { tempName } from '../names.js'
import { isOurs, type OwnershipContext } from './ownership.js'
import { foreignFile, type FileAction } from './reconcile.js'

export interface ReleaseFilePlan {
  name: string
  action: FileAction
  existing?: Asset
  staleTemp?: Asset
}

/**
 * Plans one release file. `current` says whether the file on the release is what this run would
 * write (so it is kept); `input` is the input that names the file, for the error that refuses it.
 */
export async function planReleaseFile(
  name: string,
  input: string,
  kind: 'checksums' | 'statement',
  ownership: OwnershipContext,
  current: boolean
): Promise<ReleaseFilePlan> {
  const existing = ownership.byName.get(name)
  const staleTemp = ownership.byName.get(tempName(name))
  const avoid =
    input === 'sbom'
      ? `drop the 'sbom' input (its statement is always named ${name})`
      : `set '${input}' to another name`
  if (staleTemp?.state === 'uploaded' && !(await isOurs(kind, name, staleTemp, ownership)))
    throw foreignFile(staleTemp.name, avoid)
  if (!existing) return { name, action: 'upload', staleTemp }
  if (existing.state === 'uploaded' && current) return { name, action: 'keep', existing, staleTemp }
  // A broken upload (state 'starter') holds the name but no content anyone could lose.
  if (existing.state !== 'uploaded' || (await isOurs(kind, name, existing, ownership)))
    return { name, action: 'replace', existing, staleTemp }
  throw foreignFile(name, avoid)
}
