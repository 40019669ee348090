/**
 * The action's inputs, read once into one typed object. Parsing is pure: `parseInputs` takes a
 * reader so that tests and `run()` share it; every error names the input and the fix.
 */
import { inputError, UserError } from './errors.js'
import { SBOM_FILE, SIDECAR_SUFFIX, storedName, TEMP_SUFFIX, type SidecarKind } from './names.js'
import type { OriginPolicy } from './policy.js'
import { quote } from './util/format.js'

export type OnExisting = 'skip' | 'replace' | 'fail'
export type AttestationsMode = 'auto' | 'true' | 'false'
/** `environment`: record the run's environment approvals as a signed statement. */
export type AuthorizationMode = 'none' | 'environment'
export type SigstoreInstanceName = 'public-good' | 'github' | 'custom'
/** `auto` chooses by the repository's visibility. */
export type SigstoreChoice = 'auto' | SigstoreInstanceName
/** Rekor's API version: v1, or v2 (tiles; opt-in on public-good, needs a TSA). */
export type RekorVersion = 1 | 2

export interface Inputs {
  githubToken: string
  /** Both may be given: the release is found by id, and its tag must then equal `tag`. */
  releaseId?: number
  tag?: string
  /** Globs over asset names on the release. */
  assets: string[]
  /** Local globs of files to upload to the release and sign from their local bytes. */
  files: string[]
  sidecars: SidecarKind[]
  provenance: boolean
  provenanceName: string
  /** Checksums file name; empty to skip. */
  checksums: string
  /** A CycloneDX or SPDX JSON file to attest over the subjects. */
  sbom?: string
  attestations: AttestationsMode
  sigstore: SigstoreChoice
  signingConfig?: string
  trustedRoot?: string
  /** A TUF repository to take the instance's trust material from (public-good, github). */
  tufMirror?: string
  /** That repository's initial root metadata, a file. */
  tufRoot?: string
  /** The Rekor API version to log with: public-good's v2 signing config, a custom config's v2 log. */
  rekorVersion: RekorVersion
  /** Allows a private repository on the public-good instance, whose logs are public. */
  privateRepository: boolean
  onExisting: OnExisting
  publish: boolean
  dryRun: boolean
  /** Which runs may sign at all, checked from the OIDC token's claims. */
  policy: OriginPolicy
  authorization: AuthorizationMode
  /** File name of the authorisation statement on the release. */
  authorizationName: string
  /** Refuse unless the release's tag is an annotated tag whose signature GitHub verified. */
  requireSignedTag: boolean
}

/** Reads one raw input by its action.yml name ('' when unset), like core.getInput. */
export type InputReader = (name: string) => string

const SIDECARS: readonly SidecarKind[] = ['bundle', 'sig', 'pem']

/** Splits a newline- or comma-separated list, dropping blanks. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

export function parseInputs(read: InputReader): Inputs {
  const githubToken = read('github-token')
  if (!githubToken) {
    throw inputError(
      'github-token',
      'is empty',
      'pass a token with contents: write, e.g. ${{ github.token }}'
    )
  }
  const releaseId = parseReleaseId(read('release-id'))
  const tag = read('tag') || undefined
  const assetsRaw = read('assets')
  const assets = assetsRaw ? splitList(assetsRaw) : ['*']
  const provenanceName = read('provenance-name') || 'multiple.intoto.jsonl'
  checkFileName('provenance-name', provenanceName)
  const checksums = read('checksums')
  if (checksums) checkFileName('checksums', checksums)
  const provenance = bool('provenance', read('provenance'), true)
  const sbom = read('sbom') || undefined
  const authorization = oneOf('authorization', read('authorization') || 'none', [
    'none',
    'environment'
  ] as const)
  const authorizationName = read('authorization-name') || 'authorization.intoto.jsonl'
  checkFileName('authorization-name', authorizationName)
  refuseSameName([
    ...(provenance ? [{ input: 'provenance-name', name: provenanceName }] : []),
    ...(authorization === 'environment'
      ? [{ input: 'authorization-name', name: authorizationName }]
      : []),
    ...(checksums ? [{ input: 'checksums', name: checksums }] : []),
    ...(sbom ? [{ input: 'sbom', name: SBOM_FILE }] : [])
  ])
  const sigstore = oneOf('sigstore', read('sigstore') || 'auto', [
    'auto',
    'public-good',
    'github',
    'custom'
  ] as const)
  const signingConfig = read('signing-config') || undefined
  const trustedRoot = read('trusted-root') || undefined
  if (sigstore === 'custom' && (!signingConfig || !trustedRoot)) {
    throw inputError(
      'sigstore',
      "'custom' needs both 'signing-config' and 'trusted-root'",
      'pass the signing_config.json and trusted_root.json of your instance (files or https URLs)'
    )
  }
  if (sigstore !== 'custom' && (signingConfig || trustedRoot)) {
    throw inputError(
      signingConfig ? 'signing-config' : 'trusted-root',
      `is only used with sigstore: custom (sigstore is '${sigstore}')`,
      "set 'sigstore: custom' or remove the input"
    )
  }
  const { tufMirror, tufRoot } = parseTuf(read, sigstore)
  const rekorVersion = Number(
    oneOf('rekor-version', read('rekor-version') || '1', ['1', '2'] as const)
  ) as RekorVersion
  if (sigstore === 'github' && rekorVersion === 2) {
    throw inputError(
      'rekor-version',
      "2 needs a transparency log, and GitHub's Sigstore instance (sigstore: github) has none",
      "remove 'rekor-version', or sign with 'sigstore: public-good'"
    )
  }
  return {
    githubToken,
    releaseId,
    tag,
    assets,
    files: splitList(read('files')),
    sidecars: parseSidecars(read('sidecars')),
    provenance,
    provenanceName,
    checksums,
    sbom,
    attestations: oneOf('attestations', read('attestations') || 'auto', [
      'auto',
      'true',
      'false'
    ] as const),
    sigstore,
    signingConfig,
    trustedRoot,
    tufMirror,
    tufRoot,
    rekorVersion,
    privateRepository: bool('private-repository', read('private-repository'), false),
    onExisting: oneOf('on-existing', read('on-existing') || 'skip', [
      'skip',
      'replace',
      'fail'
    ] as const),
    publish: bool('publish', read('publish'), false),
    dryRun: bool('dry-run', read('dry-run'), false),
    policy: {
      allowedRefs: splitList(read('allowed-refs')),
      allowedEvents: splitList(read('allowed-events')),
      requireProtectedRef: bool('require-protected-ref', read('require-protected-ref'), false),
      runnerEnvironment: oneOf('runner-environment', read('runner-environment') || 'any', [
        'any',
        'github-hosted'
      ] as const)
    },
    authorization,
    authorizationName,
    requireSignedTag: bool('require-signed-tag', read('require-signed-tag'), false)
  }
}

/** `tuf-mirror` (an http(s) URL) and `tuf-root` (a file), for the instances that use TUF. */
function parseTuf(read: InputReader, sigstore: string): { tufMirror?: string; tufRoot?: string } {
  const tufMirror = read('tuf-mirror').replace(/\/+$/, '') || undefined
  const tufRoot = read('tuf-root') || undefined
  if (sigstore === 'custom' && (tufMirror || tufRoot)) {
    throw inputError(
      tufMirror ? 'tuf-mirror' : 'tuf-root',
      "is not used with sigstore: custom, which takes 'signing-config' and 'trusted-root'",
      'remove the input, or choose the instance whose TUF repository it is'
    )
  }
  if (tufMirror !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(tufMirror)
    } catch {
      url = undefined
    }
    if (!url || !['https:', 'http:'].includes(url.protocol) || url.search || url.hash) {
      throw inputError(
        'tuf-mirror',
        `${quote(tufMirror)} is not the URL of a TUF repository`,
        'give its base URL, e.g. https://tuf-repo-cdn.sigstore.dev'
      )
    }
  }
  return { tufMirror, tufRoot }
}

/** A positive decimal integer in digits only: Number() would also take `0x2dc6c3`, `1e3`, ` 12`. */
function parseReleaseId(raw: string): number | undefined {
  if (raw === '') return undefined
  const id = /^[0-9]+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw inputError(
      'release-id',
      `${quote(raw)} is not a release id`,
      'pass the numeric id of the release in decimal digits, e.g. ${{ github.event.release.id }}'
    )
  }
  return id
}

function parseSidecars(raw: string): SidecarKind[] {
  if (raw.trim() === '') return [...SIDECARS]
  const kinds = splitList(raw)
  const fix = `use a comma list of ${SIDECARS.join(', ')}, or none`
  // `sidecars: ,` is not the default: it names nothing, so it is likely a templating slip.
  if (kinds.length === 0) throw inputError('sidecars', `${quote(raw)} names no kind`, fix)
  if (kinds.includes('none')) {
    if (kinds.every((kind) => kind === 'none')) return []
    throw inputError('sidecars', `${quote(raw)} mixes none with kinds`, fix)
  }
  for (const kind of kinds) {
    if (!(SIDECARS as readonly string[]).includes(kind)) {
      throw inputError('sidecars', `unknown kind ${quote(kind)}`, fix)
    }
  }
  const unique = [...new Set(kinds as SidecarKind[])]
  // A `.sig` alone verifies with nothing and cannot be told apart from a user's own signature.
  if (unique.includes('sig') && !unique.includes('pem') && !unique.includes('bundle')) {
    throw inputError(
      'sidecars',
      "'sig' needs the certificate beside it, as 'pem' or in the 'bundle'",
      "use e.g. 'sidecars: sig,pem' (what cosign v2 verifies) or the default 'bundle,sig,pem'"
    )
  }
  return unique
}

/** YAML 1.2 booleans, as core.getBooleanInput accepts them; empty takes the default. */
function bool(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw inputError(name, `${quote(raw)} is not a boolean`, 'use true or false')
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  throw inputError(name, `${quote(raw)} is not allowed`, `use one of: ${allowed.join(', ')}`)
}

/**
 * A release-level file name (`provenance-name`, `checksums`): a plain name that GitHub stores
 * unchanged (a renamed file would not be found under its name on a re-run), and not one that
 * reads as another file's sidecar or as an interrupted upload, which this action treats as its own.
 */
function checkFileName(name: string, value: string): void {
  if (value.includes('/') || value.includes('\\') || value === '.' || value === '..') {
    throw inputError(
      name,
      `${quote(value)} is not a plain file name`,
      'give a name without directories'
    )
  }
  const stored = storedName(value)
  if (stored !== value) {
    throw inputError(
      name,
      `GitHub would store ${quote(value)} as ${quote(stored)}`,
      `use ${quote(stored)}, or a name of letters, digits, '.', '_', '+' and '-'`
    )
  }
  const suffix = [...Object.values(SIDECAR_SUFFIX), TEMP_SUFFIX].find((s) => value.endsWith(s))
  if (suffix) {
    throw new UserError(
      'INPUT_CONFLICT',
      `Input '${name}': ${quote(value)} ends with ${quote(suffix)}, the suffix of this action's sidecars`,
      'choose a name that does not end with .sigstore.json, .sig, .pem or .sign-release-tmp'
    )
  }
}

/** Two release-level files under one name would overwrite each other on the release. */
function refuseSameName(files: { input: string; name: string }[]): void {
  for (const [i, file] of files.entries()) {
    const other = files.slice(0, i).find((f) => f.name === file.name)
    if (other) {
      throw new UserError(
        'INPUT_CONFLICT',
        `Inputs '${other.input}' and '${file.input}' both write ${quote(file.name)} to the release`,
        file.input === 'sbom'
          ? `the SBOM's attestation is always ${quote(SBOM_FILE)}: give '${other.input}' another name`
          : `give '${file.input}' another name`
      )
    }
  }
}
