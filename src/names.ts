/** Names of everything this action writes to a release, derived from the names GitHub stored. */
/** The per-asset files: NAME.sigstore.json, NAME.sig, NAME.pem. */
export type SidecarKind = 'bundle' | 'sig' | 'pem'

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

/** Where an SBOM's attestation goes on the release: a fixed name, unlike provenance and checksums. */
export const SBOM_FILE = 'sbom.intoto.jsonl'

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
 * The name GitHub will store for an uploaded file. GitHub documents only that it renames names
 * with special characters and leading or trailing periods; observed behaviour: letters are
 * transliterated to ASCII, each run of characters outside `[A-Za-z0-9_+-]` before the extension
 * becomes one period, leading and trailing periods go, and an empty base becomes `default`.
 * The upload's answer stays authoritative (a mismatch stops the run); this lets a re-run
 * recognise a file it uploaded before.
 */
export function storedName(name: string): string {
  const ascii = Array.from(name.normalize('NFKD'))
    .filter((ch) => !/\p{M}/u.test(ch))
    .map((ch) => LETTERS[ch] ?? ch)
    .join('')
  const ext = /\.[A-Za-z0-9_+-]+$/.exec(ascii)?.[0] ?? ''
  const base = ascii
    .slice(0, ascii.length - ext.length)
    .replace(/[^A-Za-z0-9_+-]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
  return (base === '' ? 'default' : base) + ext
}

/** Letters that Unicode decomposition leaves outside ASCII, as GitHub spells them. */
const LETTERS: Record<string, string> = {
  Æ: 'AE',
  æ: 'ae',
  Ð: 'D',
  ð: 'd',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ł: 'L',
  ł: 'l',
  Ŋ: 'NG',
  ŋ: 'ng',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  ß: 'ss',
  Þ: 'TH',
  þ: 'th',
  Ŧ: 'T',
  ŧ: 't'
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
