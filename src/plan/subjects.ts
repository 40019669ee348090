/**
 * What gets signed: the release's assets whose names match `assets`, never this action's own
 * outputs, plus local `files` that are uploaded first and signed from their local bytes.
 */
import { basename } from 'node:path'
import { minimatch } from 'minimatch'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UserError } from '../errors.js'
import type { Asset } from '../github/assets.js'
import { isOwnOutput, storedName } from '../names.js'
import { quote } from '../util/format.js'
import { confine, refuseNonFile, refuseEscape, workspaceRoot } from './workspace.js'
import { byName as nameOrder } from '../util/sort.js'

export type Subject =
  | { kind: 'asset'; name: string; asset: Asset }
  | { kind: 'file'; name: string; path: string; size: number; existing?: Asset }
  /** A file this action writes (the checksums file), signed like an asset. */
  | { kind: 'generated'; name: string; content: Buffer; existing?: Asset }

export interface SubjectSelection {
  subjects: Subject[]
  /** Assets that match but cannot be signed (an upload that never finished). */
  skipped: { name: string; reason: string }[]
}

/**
 * The local files `files` names, confined to the workspace (see workspace.ts). Dotfiles match only
 * a pattern that spells the dot, and a directory never stands for everything under it.
 */
export async function localFiles(
  patterns: string[],
  cwd: string
): Promise<{ path: string; name: string; size: number }[]> {
  if (patterns.length === 0) return []
  for (const pattern of patterns) refuseEscape('files', pattern)
  for (const pattern of patterns.filter((p) => !isDynamicPattern(p)))
    await refuseNonFile('files', cwd, pattern)
  const root = await workspaceRoot(cwd)
  const paths = await glob(patterns, {
    cwd,
    absolute: true,
    onlyFiles: true,
    dot: false,
    expandDirectories: false
  })
  if (paths.length === 0) {
    throw new UserError(
      'NO_SUBJECTS',
      `Input 'files': no file matches ${patterns.map(quote).join(', ')} in the workspace`,
      'check the globs and that the build wrote the files'
    )
  }
  const files = []
  for (const path of paths.sort()) {
    const { real, size } = await confine('files', root, cwd, path)
    // Named as the user named it (a link's own name), read from where it really is.
    files.push({ path: real, name: storedName(basename(path)), size })
  }
  const seen = new Map<string, string>()
  for (const file of files) {
    const other = seen.get(file.name)
    if (other) {
      throw new UserError(
        'INPUT_CONFLICT',
        `Input 'files': ${quote(other)} and ${quote(file.path)} would both be stored as ${quote(file.name)}`,
        'give release files distinct names'
      )
    }
    seen.set(file.name, file.path)
  }
  return files
}

export function selectSubjects(
  assets: Asset[],
  files: { path: string; name: string; size: number }[],
  patterns: string[],
  releaseFiles: string[]
): SubjectSelection {
  const allNames = new Set([...assets.map((a) => a.name), ...files.map((f) => f.name)])
  const byName = new Map(assets.map((a) => [a.name, a]))
  const fileNames = new Set(files.map((f) => f.name))
  const subjects: Subject[] = files.map((f) => ({
    kind: 'file',
    ...f,
    existing: byName.get(f.name)
  }))
  const skipped: SubjectSelection['skipped'] = []
  for (const asset of assets) {
    if (fileNames.has(asset.name) || isOwnOutput(asset.name, allNames, releaseFiles)) continue
    if (!patterns.some((p) => minimatch(asset.name, p, { dot: true }))) continue
    if (asset.state !== 'uploaded') {
      skipped.push({
        name: asset.name,
        reason: `its upload never finished (state '${asset.state}')`
      })
      continue
    }
    subjects.push({ kind: 'asset', name: asset.name, asset })
  }
  for (const file of releaseFiles) {
    if (subjects.some((s) => s.name === file)) {
      throw new UserError(
        'INPUT_CONFLICT',
        `'${file}' is both an asset to sign and a file this action writes`,
        'rename the asset, or change provenance-name / checksums'
      )
    }
  }
  subjects.sort(nameOrder)
  return { subjects, skipped }
}
