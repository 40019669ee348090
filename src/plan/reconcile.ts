/**
 * Re-runs are safe: for each subject, what is already on the release is compared with what this run
 * would write. A bundle that verifies for the asset's digest and this run's identity is kept and
 * reused (no new signature); anything else of ours is replaced; nothing else is touched.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError, messageOf } from '../errors.js'
import { isUnavailable } from '../github/errors.js'
import type { Asset } from '../github/releases.js'
import type { OnExisting, SidecarKind } from '../inputs.js'
import type { HashedSubject } from './hash.js'
import { sidecarContent } from '../sidecars.js'
import { sidecarName, tempName } from '../names.js'

export type SidecarAction = 'upload' | 'replace' | 'keep'

export interface PlannedSidecar {
  kind: SidecarKind
  name: string
  action: SidecarAction
  /** The asset to replace or keep. */
  existing?: Asset
  /** A leftover temporary upload of an earlier run, deleted before uploading. */
  staleTemp?: Asset
}

export interface SubjectPlan {
  subject: HashedSubject
  /** A valid bundle already on the release, reused instead of signing again. */
  reuse?: SerializedBundle
  /** Why the bundle on the release could not be reused, when there was one. */
  staleReason?: string
  sidecars: PlannedSidecar[]
}

export interface ExistingReader {
  /** The bytes of a (small) asset on the release. */
  read(asset: Asset): Promise<Buffer>
  /** Throws when the bundle does not verify for this digest and the run's identity. */
  verify(bundle: SerializedBundle, sha256: string): void
}

export async function reconcile(
  subject: HashedSubject,
  kinds: SidecarKind[],
  byName: ReadonlyMap<string, Asset>,
  onExisting: OnExisting,
  reader: ExistingReader | undefined
): Promise<SubjectPlan> {
  const existing = kinds.map((kind) => ({
    kind,
    name: sidecarName(subject.name, kind),
    asset: byName.get(sidecarName(subject.name, kind))
  }))
  const present = existing.filter((e) => e.asset !== undefined)
  if (onExisting === 'fail' && present.length > 0) {
    throw new UserError(
      'INPUT_CONFLICT',
      `'${subject.name}' already has ${present.map((e) => e.name).join(', ')} on the release (on-existing: fail)`,
      "use 'on-existing: skip' to keep valid files and replace the others, or 'replace'"
    )
  }
  const { bundle: reuse, staleReason } =
    onExisting === 'skip' && reader ? await reusableBundle(subject, byName, reader) : {}
  const sidecars: PlannedSidecar[] = []
  for (const { kind, name, asset } of existing) {
    const staleTemp = byName.get(tempName(name))
    if (!asset) {
      sidecars.push({ kind, name, action: 'upload', staleTemp })
      continue
    }
    const keep =
      reuse !== undefined &&
      asset.state === 'uploaded' &&
      reader !== undefined &&
      (await sameContent(reader, asset, sidecarContent(reuse, kind)))
    sidecars.push({ kind, name, action: keep ? 'keep' : 'replace', existing: asset, staleTemp })
  }
  return { subject, reuse, staleReason, sidecars }
}

/** The bundle on the release for this subject, when it verifies for the digest and identity. */
async function reusableBundle(
  subject: HashedSubject,
  byName: ReadonlyMap<string, Asset>,
  reader: ExistingReader
): Promise<{ bundle?: SerializedBundle; staleReason?: string }> {
  const asset = byName.get(sidecarName(subject.name, 'bundle'))
  if (!asset || asset.state !== 'uploaded') return {}
  try {
    const bundle = JSON.parse((await reader.read(asset)).toString('utf8')) as SerializedBundle
    reader.verify(bundle, subject.sha256)
    return { bundle }
  } catch (error) {
    // GitHub failing is no reason to sign again: the run fails, and a re-run finds it valid.
    if (isUnavailable(error)) throw error
    // Not ours, stale, or for other bytes: it will be replaced.
    return { staleReason: messageOf(error) }
  }
}

async function sameContent(reader: ExistingReader, asset: Asset, wanted: Buffer): Promise<boolean> {
  if (asset.size !== wanted.length) return false
  return (await reader.read(asset)).equals(wanted)
}
