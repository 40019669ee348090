/**
 * Re-runs are safe: for each subject, what is already on the release is compared with what this run
 * would write. A bundle that verifies for the asset's digest and this run's identity is kept and
 * reused (no new signature); anything else of ours is replaced; a file that is not ours (see
 * ownership.ts) stops the run before anything is written.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError, messageOf } from '../errors.js'
import { isUnavailable } from '../github/errors.js'
import type { Asset } from '../github/assets.js'
import type { OnExisting } from '../inputs.js'
import type { SidecarKind } from '../names.js'
import { quote } from '../util/format.js'
import { isOurs, type OwnershipContext } from './ownership.js'
import type { HashedSubject } from './hash.js'
import { sidecarContent } from '../sidecars.js'
import { sidecarName, tempName } from '../names.js'

/** What the run does with one of its files on the release: a sidecar or a release-level file. */
export type FileAction = 'upload' | 'replace' | 'keep'

export interface PlannedSidecar {
  kind: SidecarKind
  name: string
  action: FileAction
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

export interface ReconcileContext {
  kinds: SidecarKind[]
  onExisting: OnExisting
  ownership: OwnershipContext
  /** Throws when a bundle does not verify for this digest and the run's identity (absent without one). */
  verify?: (bundle: SerializedBundle, sha256: string) => void
}

export async function reconcile(
  subject: HashedSubject,
  ctx: ReconcileContext
): Promise<SubjectPlan> {
  const { byName } = ctx.ownership
  const existing = ctx.kinds.map((kind) => {
    const name = sidecarName(subject.name, kind)
    return { kind, name, asset: byName.get(name), staleTemp: byName.get(tempName(name)) }
  })
  // Ownership first: a user's file under one of our names stops the run, whatever on-existing says.
  for (const { kind, name, asset, staleTemp } of existing) {
    for (const found of [asset, staleTemp]) {
      if (found?.state !== 'uploaded') continue
      if (!(await isOurs(kind, name, found, ctx.ownership, subject.sha256))) {
        throw foreignFile(
          found.name,
          `remove '${kind}' from 'sidecars' (e.g. 'sidecars: ${otherKinds(kind)}')`
        )
      }
    }
  }
  const present = existing.filter((e) => e.asset !== undefined)
  if (ctx.onExisting === 'fail' && present.length > 0) {
    throw new UserError(
      'INPUT_CONFLICT',
      `${quote(subject.name)} already has ${present.map((e) => quote(e.name)).join(', ')} on the release (on-existing: fail)`,
      "use 'on-existing: skip' to keep valid files and replace the others, or 'replace'"
    )
  }
  const { bundle: reuse, staleReason } =
    ctx.onExisting === 'skip' && ctx.verify
      ? await reusableBundle(subject, byName, ctx.ownership, ctx.verify)
      : {}
  const sidecars: PlannedSidecar[] = []
  for (const { kind, name, asset, staleTemp } of existing) {
    if (!asset) {
      sidecars.push({ kind, name, action: 'upload', staleTemp })
      continue
    }
    const keep =
      reuse !== undefined &&
      asset.state === 'uploaded' &&
      (await sameContent(ctx.ownership, asset, sidecarContent(reuse, kind)))
    sidecars.push({ kind, name, action: keep ? 'keep' : 'replace', existing: asset, staleTemp })
  }
  return { subject, reuse, staleReason, sidecars }
}

/** A file on the release that is not ours, under a name this run would write. */
export function foreignFile(name: string, avoid: string): UserError {
  return new UserError(
    'FOREIGN_FILE',
    `The release has ${quote(name)}, which sign-release did not write (its content is not ours), under a name this run would write`,
    `sign-release never replaces or deletes your files: ${avoid}, or rename or remove that asset`
  )
}

function otherKinds(kind: SidecarKind): string {
  const rest = (['bundle', 'sig', 'pem'] as const).filter((k) => k !== kind)
  return rest.join(',')
}

/** The bundle on the release for this subject, when it verifies for the digest and identity. */
async function reusableBundle(
  subject: HashedSubject,
  byName: ReadonlyMap<string, Asset>,
  reader: OwnershipContext,
  verify: (bundle: SerializedBundle, sha256: string) => void
): Promise<{ bundle?: SerializedBundle; staleReason?: string }> {
  const asset = byName.get(sidecarName(subject.name, 'bundle'))
  if (!asset || asset.state !== 'uploaded') return {}
  try {
    const bundle = JSON.parse((await reader.read(asset)).toString('utf8')) as SerializedBundle
    verify(bundle, subject.sha256)
    return { bundle }
  } catch (error) {
    // GitHub failing is no reason to sign again: the run fails, and a re-run finds it valid.
    if (isUnavailable(error)) throw error
    // Not ours, stale, or for other bytes: it will be replaced.
    return { staleReason: messageOf(error) }
  }
}

async function sameContent(
  reader: OwnershipContext,
  asset: Asset,
  wanted: Buffer
): Promise<boolean> {
  if (asset.size !== wanted.length) return false
  return (await reader.read(asset)).equals(wanted)
}
