/**
 * `sign-release verify --repo OWNER/REPO --tag TAG [--dir DIR] [--signer-workflow W] [--ref REF]
 * [--trusted-root FILE] [--json]`: is every file of the release what that repository's release
 * workflow signed and built?
 */
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { getTrustedRoot } from '@sigstore/tuf'
import { messageOf } from '../errors.js'
import { GITHUB_ACTIONS_ISSUER, repositoryUrl } from '../identity.js'
import { escapeRegExp } from '../verify/bundle.js'
import { verifyRelease, type Check, type ReleaseVerdict } from '../verify/release.js'
import type { ReleaseAttestationCheck } from '../verify/release-attestation.js'
import { readTrustedRoots, trustFor, withoutOpenEndedKeys } from '../verify/trust.js'
import { usageError, verificationError } from './errors.js'
import { releaseAttestationOf } from './release-attestation.js'
import { directoryFiles, githubFiles } from './release-source.js'

export interface VerifyReleaseArgs {
  repo?: string
  tag?: string
  dir?: string
  signerWorkflow?: string
  ref?: string
  trustedRoot?: string
  issuer?: string
  checksums?: string
  /** The GitHub server the repository lives on (GHES, GHE.com); GITHUB_SERVER_URL or github.com. */
  serverUrl?: string
  json?: boolean
  /** Each file must be covered by a valid authorisation statement. */
  requireAuthorization?: boolean
  approvers?: string[]
  environment?: string
  /** What every certificate must say: Fulcio's Runner Environment and Build Trigger. */
  runnerEnvironment?: string
  trigger?: string
  env: Record<string, string | undefined>
}

/** The certificate identity to require: the signing workflow at the expected ref. */
export function expectedIdentity(
  repo: string,
  tag: string,
  signerWorkflow?: string,
  ref?: string,
  serverUrl = 'https://github.com'
): RegExp {
  const workflow = signerWorkflow ?? `${repo}/.github/workflows/`
  if (!/^[^/]+\/[^/]+\/\.github\/workflows\//.test(workflow)) {
    throw usageError(`--signer-workflow ${workflow}: expected OWNER/REPO/.github/workflows/FILE`)
  }
  const file = signerWorkflow ? escapeRegExp(workflow) : `${escapeRegExp(workflow)}[^@]+`
  // A reusable workflow in another repository is pinned by its own ref, not the release's tag.
  const sameRepo = workflow.startsWith(`${repo}/`)
  const refPattern = ref ? escapeRegExp(ref) : sameRepo ? escapeRegExp(`refs/tags/${tag}`) : '.+'
  return new RegExp(`^${escapeRegExp(serverUrl.replace(/\/+$/, ''))}/${file}@${refPattern}$`)
}

export async function verifyReleaseCommand(args: VerifyReleaseArgs): Promise<string> {
  if (!args.repo || !args.tag)
    throw usageError('verify: --repo OWNER/REPO and --tag TAG are required')
  if (!args.requireAuthorization && (args.approvers?.length || args.environment !== undefined))
    throw usageError('verify: --approver and --environment go with --require-authorization')
  if (
    args.runnerEnvironment !== undefined &&
    !['github-hosted', 'self-hosted'].includes(args.runnerEnvironment)
  )
    throw usageError(
      `verify: --runner-environment ${args.runnerEnvironment}: expected github-hosted or self-hosted`
    )
  const serverUrl = args.serverUrl ?? args.env.GITHUB_SERVER_URL ?? 'https://github.com'
  const san = expectedIdentity(args.repo, args.tag, args.signerWorkflow, args.ref, serverUrl)
  const roots = await loadTrust(args.trustedRoot)
  const github = args.dir
    ? undefined
    : await githubFiles(
        args.repo,
        args.tag,
        args.env.GITHUB_API_URL ?? 'https://api.github.com',
        args.env.GITHUB_TOKEN ?? args.env.GH_TOKEN ?? ''
      )
  const files = github ?? (await directoryFiles(args.dir ?? '.'))
  const verdict = await verifyRelease({
    files,
    // Each bundle against the root whose authority issued its certificate: with public-good's and
    // GitHub's roots side by side, GitHub's certificates (no SCT, no log entry) meet GitHub's rules.
    trust: trustFor(roots),
    policy: {
      san,
      issuer: args.issuer ?? GITHUB_ACTIONS_ISSUER,
      sourceRepositoryUri: repositoryUrl(serverUrl, args.repo),
      runnerEnvironment: args.runnerEnvironment,
      trigger: args.trigger
    },
    authorization: {
      required: args.requireAuthorization === true,
      approvers: args.approvers ?? [],
      environment: args.environment
    },
    checksumsName: args.checksums ?? 'SHA256SUMS'
  })
  const releaseAttestation = github
    ? await releaseAttestationOf(github, verdict, roots, args.trustedRoot !== undefined, serverUrl)
    : undefined
  const ok = verdict.ok && releaseAttestation?.status !== 'failed'
  const text = args.json
    ? JSON.stringify(
        {
          repository: args.repo,
          tag: args.tag,
          identity: san.source,
          ...verdict,
          ...(releaseAttestation ? { releaseAttestation } : {}),
          ok
        },
        null,
        2
      )
    : table(verdict, san, releaseAttestation)
  if (!ok) throw verificationError(text)
  return text
}

async function loadTrust(path: string | undefined): Promise<TrustedRoot[]> {
  try {
    return path ? await readTrustedRoots(path) : [withoutOpenEndedKeys(await getTrustedRoot())]
  } catch (error) {
    throw usageError(
      `cannot load the trusted root${path ? ` ${path}` : ' through TUF'}: ${messageOf(error)}`
    )
  }
}

const MARK: Record<Check['status'], string> = { ok: 'ok', failed: 'FAILED', missing: '-' }

function table(
  verdict: ReleaseVerdict,
  san: RegExp,
  releaseAttestation?: ReleaseAttestationCheck
): string {
  const rows = verdict.assets.map((a) => [
    a.name,
    MARK[a.signature.status],
    MARK[a.provenance.status],
    MARK[a.checksums.status],
    MARK[a.authorization.status],
    a.ok ? 'verified' : 'NOT VERIFIED'
  ])
  const header = ['file', 'signature', 'provenance', 'checksums', 'authorization', 'result']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  const out = [`Expected signer: ${san.source}`, '', line(header), ...rows.map(line)]
  const problems = verdict.assets.flatMap((a) =>
    (['signature', 'provenance', 'checksums', 'authorization'] as const)
      .filter((k) => a[k].status === 'failed' || (k === 'signature' && a[k].status === 'missing'))
      .map((k) => `  ${a.name}: ${k}: ${a[k].detail ?? a[k].status}`)
  )
  for (const file of [verdict.provenanceFile, verdict.checksumsFile, verdict.authorizationFile]) {
    if (file?.status === 'failed')
      problems.push(`  ${file.name}: ${file.detail ?? 'does not verify'}`)
  }
  if (verdict.assets.length === 0) problems.push('  the release has no files to verify')
  if (releaseAttestation?.status === 'failed')
    problems.push(
      `  GitHub's release attestation: ${releaseAttestation.detail ?? 'does not verify'}`
    )
  if (releaseAttestation?.status === 'verified')
    out.push(
      '',
      "GitHub's release attestation: verified (signed by https://dotcom.releases.github.com; it lists exactly these files with these digests)."
    )
  if (problems.length > 0) out.push('', 'Problems:', ...problems)
  out.push(
    '',
    verdict.ok && releaseAttestation?.status !== 'failed'
      ? verdict.assets.length === 1
        ? 'The file verifies.'
        : `All ${verdict.assets.length} files verify.`
      : 'The release does NOT verify.'
  )
  return out.join('\n')
}
