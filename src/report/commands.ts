/** Copy-paste verification commands for one asset, for the tools downloaders already have. */
import { CYCLONEDX_TYPE, SLSA_PROVENANCE_TYPE, SPDX_TYPE } from '../intoto.js'

export interface CommandContext {
  san: string
  issuer: string
  /** Whether the instance is a custom one, whose trusted root must be passed explicitly. */
  custom: boolean
  /**
   * Whether the instance is GitHub's, its trust from GitHub's TUF repository: cosign and our CLI
   * need its trusted root (what `gh attestation trusted-root` prints for it, see
   * GITHUB_TRUSTED_ROOT_COMMAND), and gh knows it already.
   */
  github?: boolean
  /**
   * Whether the certificates carry no SCT (GitHub's instance, also through a TUF mirror; an
   * instance whose trusted root lists no CT log): cosign must be told not to require one.
   */
  withoutSct?: boolean
  /**
   * The instance's Rekor v1 (where cosign v2 looks a `.sig` up), absent for an instance without a
   * transparency log: its bundles carry timestamps only, cosign must be told so, and
   * sigstore-python and cosign v2 (which need a log entry) cannot verify them.
   */
  rekorUrl?: string
  /**
   * 2 when the bundles' entries are on Rekor v2: no search index (so no `.sig`/`.pem` lookup), no
   * integrated time (the TSA timestamp is the signing time), and only newer verifiers read them.
   */
  rekorVersion?: 1 | 2
  /** owner/repo, for gh. */
  repository: string
  /** The signing workflow without its ref: owner/repo/.github/workflows/file.yml. */
  signerWorkflow: string
  /** GITHUB_SERVER_URL: on GHE.com or GHES, gh and our CLI are told the host. */
  serverUrl?: string
}

/** The host of a server other than github.com, which gh and our CLI must be told. */
function enterpriseServer(ctx: CommandContext): URL | undefined {
  if (!ctx.serverUrl) return undefined
  const url = new URL(ctx.serverUrl)
  return url.hostname === 'github.com' ? undefined : url
}

/** GitHub's instance's trusted root as one file: the line of `gh attestation trusted-root` without logs. */
export const GITHUB_TRUSTED_ROOT_COMMAND =
  "gh attestation trusted-root | jq -c 'select((.tlogs // []) == [])' > github_trusted_root.json"

/** cosign's flags for the trusted root the instance needs passed, and for certificates without SCT. */
function cosignTrust(ctx: CommandContext): string {
  const sct = ctx.withoutSct ? ' --insecure-ignore-sct' : ''
  if (ctx.custom) return ` --trusted-root trusted_root.json${sct}`
  if (ctx.github) return ` --trusted-root github_trusted_root.json${sct}`
  return sct
}

/** Quotes a word for POSIX shells when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9._/@:=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

export function verifyCommands(
  asset: string,
  ctx: CommandContext
): { tool: string; command: string }[] {
  const q = shellQuote
  const cosignRoot = cosignTrust(ctx)
  const pythonRoot = ctx.custom ? ' --trust-config trust_config.json' : ''
  const identity = `--certificate-identity ${q(ctx.san)} --certificate-oidc-issuer ${q(ctx.issuer)}`
  const cosign = {
    tool: 'cosign v3',
    command: `cosign verify-blob ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)}${cosignRoot}${noLogFlags(ctx)} ${identity}`
  }
  if (!ctx.rekorUrl) return [cosign]
  if (ctx.rekorVersion === 2) {
    return [
      { ...cosign, tool: 'cosign v3 (≥ 3.0.5)' },
      {
        tool: 'sigstore-python (≥ 4)',
        command: `python -m sigstore${pythonRoot} verify identity ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --cert-identity ${q(ctx.san)} --cert-oidc-issuer ${q(ctx.issuer)}`
      },
      {
        tool: 'cosign v2 (the bundle: Rekor v2 has no index to find a .sig in)',
        command: `cosign verify-blob ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --new-bundle-format --use-signed-timestamps${cosignRoot} ${identity}`
      }
    ]
  }
  return [
    cosign,
    {
      tool: 'sigstore-python',
      command: `python -m sigstore${pythonRoot} verify identity ${q(asset)} --bundle ${q(`${asset}.sigstore.json`)} --cert-identity ${q(ctx.san)} --cert-oidc-issuer ${q(ctx.issuer)}`
    },
    {
      tool: 'cosign v2 (.sig and .pem)',
      command: `${cosignV2Trust(ctx)}cosign verify-blob ${q(asset)} --signature ${q(`${asset}.sig`)} --certificate ${q(`${asset}.pem`)} ${identity}${ctx.custom ? ` --rekor-url ${q(ctx.rekorUrl)}` : ''}`
    }
  ]
}

/** cosign checks a log entry unless told to rely on the bundle's signed timestamps. */
function noLogFlags(ctx: CommandContext): string {
  return ctx.rekorUrl ? '' : ' --use-signed-timestamps --insecure-ignore-tlog'
}

/**
 * cosign v2 reads a private instance's keys from variables (its --trusted-root needs the bundle
 * format): the Fulcio chain, Rekor's key and the CT log's key as PEM files.
 */
function cosignV2Trust(ctx: CommandContext): string {
  return ctx.custom
    ? 'SIGSTORE_ROOT_FILE=fulcio_chain.pem SIGSTORE_REKOR_PUBLIC_KEY=rekor.pub SIGSTORE_CT_LOG_PUBLIC_KEY_FILE=ctfe.pub '
    : ''
}

/** cosign's `--type` names for the predicates we attest; anything else goes as the URI. */
const COSIGN_TYPES: Record<string, string> = {
  [SLSA_PROVENANCE_TYPE]: 'slsaprovenance1',
  [CYCLONEDX_TYPE]: 'cyclonedx',
  [SPDX_TYPE]: 'spdxjson'
}

/**
 * Commands that check an asset against an attestation file of the release (the provenance, or the
 * SBOM): gh checks SLSA provenance unless told another predicate type.
 */
export function attestationCommands(
  asset: string,
  attestation: string,
  predicateType: string,
  ctx: CommandContext
): { tool: string; command: string }[] {
  const q = shellQuote
  const ghRoot = ctx.custom ? ' --custom-trusted-root trusted_root.jsonl' : ''
  const cosignRoot = cosignTrust(ctx)
  const ghType =
    predicateType === SLSA_PROVENANCE_TYPE ? '' : ` --predicate-type ${q(predicateType)}`
  return [
    {
      tool: 'gh',
      command: `gh attestation verify ${q(asset)} --bundle ${q(attestation)}${ghRoot} --repo ${q(ctx.repository)} --signer-workflow ${q(ctx.signerWorkflow)}${ghType}${ctx.custom ? ` --cert-oidc-issuer ${q(ctx.issuer)}` : ''}${ghHost(ctx)}`
    },
    {
      tool: 'cosign v3',
      command: `cosign verify-blob-attestation ${q(asset)} --bundle ${q(attestation)} --type ${q(COSIGN_TYPES[predicateType] ?? predicateType)}${cosignRoot}${noLogFlags(ctx)} --certificate-identity ${q(ctx.san)} --certificate-oidc-issuer ${q(ctx.issuer)}`
    }
  ]
}

/** `sign-release verify` for the whole release, pinned to the signing workflow and its ref. */
export function releaseCommand(tag: string, ctx: CommandContext): string {
  const q = shellQuote
  const ref = ctx.san.includes('@') ? ctx.san.slice(ctx.san.lastIndexOf('@') + 1) : ''
  const trust = ctx.custom
    ? ` --trusted-root trusted_root.json --certificate-oidc-issuer ${q(ctx.issuer)}`
    : ctx.github
      ? ' --trusted-root github_trusted_root.json'
      : ''
  const server = enterpriseServer(ctx)
  return `npx sign-release verify --repo ${q(ctx.repository)} --tag ${q(tag)} --signer-workflow ${q(ctx.signerWorkflow)}${ref ? ` --ref ${q(ref)}` : ''}${trust}${server ? ` --server-url ${q(server.origin)}` : ''}`
}

/** gh's `--hostname` for a server other than github.com. */
function ghHost(ctx: CommandContext): string {
  const server = enterpriseServer(ctx)
  return server ? ` --hostname ${shellQuote(server.host)}` : ''
}

/**
 * `sign-release verify` that also requires the authorisation statement: over every file, naming the
 * environment, with an approval by one of these logins.
 */
export function authorizationCommand(
  tag: string,
  ctx: CommandContext,
  environment: string,
  approvers: string[]
): string {
  const q = shellQuote
  return (
    `${releaseCommand(tag, ctx)} --require-authorization --environment ${q(environment)}` +
    approvers.map((a) => ` --approver ${q(a)}`).join('')
  )
}

/** Commands longer than this are printed over several lines. */
const WRAP_AT = 100

/**
 * A command as printed in the summary: long ones break before each `--flag` with a POSIX line
 * continuation, so they fit a browser window and still paste into a shell unchanged. Words are
 * split as the shell would (shellQuote's single quotes), never inside a quoted name.
 */
export function wrapCommand(command: string): string {
  if (command.length <= WRAP_AT) return command
  const words = command.match(/(?:[^\s']+|'(?:[^']|'\\'')*')+/g) ?? [command]
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line !== '' && word.startsWith('--')) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  lines.push(line)
  return lines.join(' \\\n  ')
}
