/** The job summary: what was signed, where it went, and how anyone can check it. */
import {
  authorizationCommand,
  attestationCommands,
  GITHUB_TRUSTED_ROOT_COMMAND,
  releaseCommand,
  shellQuote,
  verifyCommands,
  wrapCommand,
  type CommandContext
} from './commands.js'
import { formatBytes } from '../util/format.js'
import { SLSA_PROVENANCE_TYPE } from '../intoto.js'

export interface SignedAsset {
  name: string
  sha256: string
  size: number
  /** Sidecar file names on the release. */
  sidecars: string[]
  /** Rekor log index of the asset's entry, when the instance has a log. */
  logIndex?: string
  /** The entry is on Rekor v2, which has no v1 entry API to link to. */
  logV2?: boolean
  /** True when a valid bundle from an earlier run was kept. */
  reused: boolean
  /** The checksums file this action writes, signed like an asset but not one. */
  checksumsFile?: boolean
}

export interface SummaryInput {
  repository: string
  releaseTag: string
  releaseUrl: string
  draft: boolean
  dryRun: boolean
  assets: SignedAsset[]
  skipped: { name: string; reason: string }[]
  commands: CommandContext
  provenance?: { name: string; subjects: number; builder: string }
  /** The signed checksums file's name, when there is one. */
  checksums?: string
  /** The SBOM attestation's file name and predicate type, when there is one. */
  sbom?: { name: string; predicateType: string }
  attestationUrl?: string
  /** The origin policy that was enforced, in words. */
  policy?: string[]
  /** The authorisation statement: its file, the environment and who approved. */
  authorization?: { name: string; environment: string; approvers: string[] }
  /** The Sigstore instance that signed, and why it was chosen. */
  instance?: { name: string; reason?: string }
  /** With `publish: true`: the public downloads and GitHub's release attestation, checked. */
  afterPublish?: {
    downloads: { verified: number; problems: string[] }
    releaseAttestation: { status: string; detail?: string }
  }
}

/** Escapes text for the HTML of the summary: asset names come from users. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** docs/verification.md of the action's major version. */
export const VERIFICATION_DOCS =
  'https://github.com/sign-release/sign-release/blob/v1/docs/verification.md'

export function renderSummary(input: SummaryInput): string {
  const lines: string[] = []
  const verb = input.dryRun ? 'would sign' : 'signed'
  const count = input.assets.filter((a) => !a.checksumsFile).length
  lines.push(
    `## sign-release ${verb} ${count} asset${count === 1 ? '' : 's'}` +
      (input.checksums ? ` and ${input.checksums}` : '')
  )
  lines.push('')
  lines.push(
    `Release <a href="${escapeHtml(input.releaseUrl)}">${escapeHtml(input.releaseTag)}</a> of ${escapeHtml(input.repository)}${input.draft ? ' (draft)' : ''}. ` +
      `Signer: <code>${escapeHtml(input.commands.san)}</code>, issuer <code>${escapeHtml(input.commands.issuer)}</code>.` +
      (input.instance
        ? ` Sigstore instance: <code>${escapeHtml(input.instance.name)}</code>${input.instance.reason ? ` (${escapeHtml(input.instance.reason)})` : ''}.`
        : '') +
      (input.commands.rekorUrl
        ? ''
        : ' This Sigstore instance keeps no transparency log: each bundle carries a signed RFC 3161 timestamp instead.') +
      (input.commands.rekorUrl && input.commands.rekorVersion === 2
        ? ` Logged on Rekor v2 (<code>${escapeHtml(input.commands.rekorUrl)}</code>): its entries carry no signing time, each bundle's RFC 3161 timestamp is it. Verifiers that read Rekor v2 bundles: cosign ≥ 3.0.5, sigstore-python ≥ 4, @sigstore/verify ≥ 4.1.`
        : '')
  )
  if (input.policy) {
    lines.push('')
    lines.push(
      `Origin policy enforced from the OIDC token: ${input.policy.map(escapeHtml).join('; ')}.`
    )
  }
  lines.push('')
  lines.push(
    '<table><tr><th>Asset</th><th>Size</th><th>SHA-256</th><th>Files beside it</th><th>Log entry</th></tr>'
  )
  for (const asset of input.assets) {
    const log =
      asset.logIndex === undefined
        ? '—'
        : logCell(asset.logIndex, asset.logV2 ? undefined : input.commands.rekorUrl)
    const files = asset.sidecars.map((s) => `<code>${escapeHtml(s)}</code>`).join('<br>') || '—'
    lines.push(
      `<tr><td><code>${escapeHtml(asset.name)}</code>${asset.reused ? ' (kept)' : ''}</td><td>${formatBytes(asset.size)}</td>` +
        `<td>${digestCell(asset.sha256)}</td><td>${files}</td><td>${log}</td></tr>`
    )
  }
  lines.push('</table>')
  if (input.afterPublish) lines.push('', ...afterPublishLines(input.afterPublish))
  if (input.skipped.length > 0) {
    lines.push('')
    lines.push('Not signed:')
    for (const s of input.skipped)
      lines.push(`- <code>${escapeHtml(s.name)}</code>: ${escapeHtml(s.reason)}`)
  }
  const first = input.assets[0]
  if (first) {
    lines.push('')
    lines.push(`### Verify a download`)
    lines.push('')
    if (input.commands.github) {
      lines.push(
        "GitHub's instance publishes its trusted root through its TUF repository; the GitHub CLI fetches it for cosign and <code>sign-release verify</code>:"
      )
      lines.push(`<pre><code>${escapeHtml(GITHUB_TRUSTED_ROOT_COMMAND)}</code></pre>`)
      lines.push('')
    }
    lines.push('Every file of the release at once:')
    lines.push(
      `<pre><code>${escapeHtml(wrapCommand(releaseCommand(input.releaseTag, input.commands)))}</code></pre>`
    )
    lines.push('')
    lines.push(...commandBlocks(verifyCommands(first.name, input.commands)))
    if (input.checksums) {
      // Only the names on the checksums file, so unrelated downloads do not fail the check.
      lines.push(
        ...commandBlocks([
          {
            tool: `sha256sum (after checking ${input.checksums} itself like any asset)`,
            command: `sha256sum -c ${shellQuote(input.checksums)} --ignore-missing`
          }
        ])
      )
    }
  }
  if (input.provenance && first) {
    const p = input.provenance
    lines.push(
      ...section(
        'Provenance',
        `<code>${escapeHtml(p.name)}</code>: SLSA v1 provenance over ${p.subjects} subject${p.subjects === 1 ? '' : 's'}, builder <code>${escapeHtml(p.builder)}</code>.` +
          (input.attestationUrl
            ? ` Also stored as <a href="${escapeHtml(input.attestationUrl)}">a GitHub attestation</a>.`
            : ''),
        attestationCommands(first.name, p.name, SLSA_PROVENANCE_TYPE, input.commands)
      )
    )
  }
  if (input.sbom && first) {
    const sbom = input.sbom
    lines.push(
      ...section(
        'SBOM',
        `<code>${escapeHtml(sbom.name)}</code>: the SBOM as a signed in-toto attestation (<code>${escapeHtml(sbom.predicateType)}</code>) over the same assets.`,
        attestationCommands(first.name, sbom.name, sbom.predicateType, input.commands)
      )
    )
  }
  if (input.authorization && first) {
    const a = input.authorization
    lines.push(
      ...section(
        'Authorisation',
        `<code>${escapeHtml(a.name)}</code>: a signed statement that environment <code>${escapeHtml(a.environment)}</code> approved this release (approved by ${a.approvers.map((l) => `<code>${escapeHtml(l)}</code>`).join(', ')}), over the same assets.`,
        [
          {
            tool: 'sign-release',
            command: authorizationCommand(
              input.releaseTag,
              input.commands,
              a.environment,
              a.approvers
            )
          }
        ]
      )
    )
  }
  if (first) {
    lines.push('')
    lines.push(
      `Which file each tool checks, and the same commands for cosign, sigstore-python, gh and sha256sum: <a href="${VERIFICATION_DOCS}">verifying a release</a>.`
    )
  }
  return lines.join('\n') + '\n'
}

/** A `###` section: its heading, what it is about, and the commands that check it. */
function section(
  title: string,
  description: string,
  commands: { tool: string; command: string }[]
): string[] {
  return ['', `### ${title}`, '', description, '', ...commandBlocks(commands)]
}

/** Each command under its tool's name, in <pre> with escaped text: a name can never break out. */
function commandBlocks(commands: { tool: string; command: string }[]): string[] {
  return commands.flatMap(({ tool, command }) => [
    `${tool}:`,
    `<pre><code>${escapeHtml(wrapCommand(command))}</code></pre>`
  ])
}

/** A digest fits the table shortened; the full value is one click away. */
function digestCell(sha256: string): string {
  return `<details><summary><code>${sha256.slice(0, 12)}…</code></summary><code>${sha256}</code></details>`
}

function logCell(index: string, rekorUrl?: string): string {
  if (!rekorUrl) return escapeHtml(index)
  const url = `${rekorUrl.replace(/\/+$/, '')}/api/v1/log/entries?logIndex=${index}`
  return `<a href="${escapeHtml(url)}">${escapeHtml(index)}</a>`
}

const RELEASE_ATTESTATION_WORDS: Record<string, string> = {
  verified: "GitHub's release attestation verifies and lists exactly the signed files.",
  'not-immutable': 'The release is not immutable: GitHub signs no release attestation for it.',
  unavailable:
    "GitHub's release attestation could not be read: the attestations API is not available here."
}

/** What downloaders get, as checked after publishing. */
function afterPublishLines(check: NonNullable<SummaryInput['afterPublish']>): string[] {
  const { downloads, releaseAttestation } = check
  const lines = [
    downloads.problems.length === 0
      ? `After publishing, every signed file (${downloads.verified}) was downloaded through its public URL without a token and verifies against its bundle.`
      : `After publishing, downloads that do NOT verify: ${downloads.problems.map(escapeHtml).join('; ')}.`
  ]
  lines.push(
    releaseAttestation.status === 'failed'
      ? `GitHub's release attestation does NOT match: ${escapeHtml(releaseAttestation.detail ?? 'it does not verify')}.`
      : (RELEASE_ATTESTATION_WORDS[releaseAttestation.status] ?? '')
  )
  return [lines.join(' ')]
}
