/**
 * The action's inputs, read once into one typed object. Parsing is pure: `parseInputs` takes a
 * reader so that tests and `run()` share it; every error names the input and the fix.
 */
import { inputError } from './errors.js'

export type SidecarKind = 'bundle' | 'sig' | 'pem'
export type OnExisting = 'skip' | 'replace' | 'fail'
export type AttestationsMode = 'auto' | 'true' | 'false'
export type SigstoreInstanceName = 'public-good' | 'github' | 'custom'

export interface Inputs {
  githubToken: string
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
  sigstore: SigstoreInstanceName
  signingConfig?: string
  trustedRoot?: string
  /** Allows a private repository on the public-good instance, whose logs are public. */
  privateRepository: boolean
  onExisting: OnExisting
  publish: boolean
  dryRun: boolean
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
  const releaseIdRaw = read('release-id')
  let releaseId: number | undefined
  if (releaseIdRaw) {
    releaseId = Number(releaseIdRaw)
    if (!Number.isSafeInteger(releaseId) || releaseId <= 0) {
      throw inputError(
        'release-id',
        `'${releaseIdRaw}' is not a release id`,
        'pass the numeric id of the release'
      )
    }
  }
  const tag = read('tag') || undefined
  const assetsRaw = read('assets')
  const assets = assetsRaw ? splitList(assetsRaw) : ['*']
  const provenanceName = read('provenance-name') || 'multiple.intoto.jsonl'
  checkFileName('provenance-name', provenanceName)
  const checksums = read('checksums')
  if (checksums) checkFileName('checksums', checksums)
  const sigstore = oneOf('sigstore', read('sigstore') || 'public-good', [
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
  return {
    githubToken,
    releaseId,
    tag,
    assets,
    files: splitList(read('files')),
    sidecars: parseSidecars(read('sidecars')),
    provenance: bool('provenance', read('provenance'), true),
    provenanceName,
    checksums,
    sbom: read('sbom') || undefined,
    attestations: oneOf('attestations', read('attestations') || 'auto', [
      'auto',
      'true',
      'false'
    ] as const),
    sigstore,
    signingConfig,
    trustedRoot,
    privateRepository: bool('private-repository', read('private-repository'), false),
    onExisting: oneOf('on-existing', read('on-existing') || 'skip', [
      'skip',
      'replace',
      'fail'
    ] as const),
    publish: bool('publish', read('publish'), false),
    dryRun: bool('dry-run', read('dry-run'), false)
  }
}

function parseSidecars(raw: string): SidecarKind[] {
  if (raw.trim() === '') return [...SIDECARS]
  if (raw.trim() === 'none') return []
  const kinds = splitList(raw)
  for (const kind of kinds) {
    if (!(SIDECARS as readonly string[]).includes(kind)) {
      throw inputError(
        'sidecars',
        `unknown kind '${kind}'`,
        `use a comma list of ${SIDECARS.join(', ')}, or none`
      )
    }
  }
  return [...new Set(kinds as SidecarKind[])]
}

/** YAML 1.2 booleans, as core.getBooleanInput accepts them; empty takes the default. */
function bool(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw inputError(name, `'${raw}' is not a boolean`, 'use true or false')
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T
  throw inputError(name, `'${raw}' is not allowed`, `use one of: ${allowed.join(', ')}`)
}

function checkFileName(name: string, value: string): void {
  if (value.includes('/') || value.includes('\\') || value === '.' || value === '..') {
    throw inputError(name, `'${value}' is not a plain file name`, 'give a name without directories')
  }
}
