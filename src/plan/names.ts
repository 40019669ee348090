/** Names of everything this action writes to a release, derived from the names GitHub stored. */
import type { SidecarKind } from '../inputs.js'

export const SIDECAR_SUFFIX: Record<SidecarKind, string> = {
  bundle: '.sigstore.json',
  sig: '.sig',
  pem: '.pem'
}

export const SIDECAR_CONTENT_TYPE: Record<SidecarKind, string> = {
  bundle: 'application/json',
  sig: 'text/plain',
  pem: 'application/x-pem-file'
}

/** Marks an upload in progress, before it replaces a stale sidecar. Ours alone, so safe to delete. */
export const TEMP_SUFFIX = '.sign-release-tmp'

export function sidecarName(assetName: string, kind: SidecarKind): string {
  return assetName + SIDECAR_SUFFIX[kind]
}

export function tempName(name: string): string {
  return name + TEMP_SUFFIX
}

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX)
}

/**
 * The name GitHub will store for an uploaded file: it replaces characters outside a safe set with
 * `.` and strips leading and trailing periods. The upload's answer is authoritative; this only
 * lets a re-run recognise a file it uploaded before.
 */
export function storedName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9._+@-]/g, '.')
  const trimmed = replaced.replace(/^\.+/, '').replace(/\.+$/, '')
  return trimmed === '' ? 'default.txt' : trimmed
}

/**
 * Whether an asset is one of this action's own outputs rather than something to sign: a sidecar of
 * another asset, a temporary upload, or a release-level file (provenance, checksums) and its sidecars.
 */
export function isOwnOutput(
  name: string,
  allNames: ReadonlySet<string>,
  releaseFiles: readonly string[]
): boolean {
  if (isTempName(name)) return true
  for (const file of releaseFiles) {
    if (name === file) return true
  }
  for (const suffix of Object.values(SIDECAR_SUFFIX)) {
    if (name.endsWith(suffix) && allNames.has(name.slice(0, -suffix.length))) return true
  }
  return false
}
