/** The report stage: outputs and the job summary, from the run's result. Pure; run() writes them. */
import type { SerializedBundle } from '@sigstore/bundle'
import { GITHUB_ACTIONS_ISSUER } from '../identity.js'
import type { Inputs } from '../inputs.js'
import type { RunResult } from '../pipeline.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import { renderSummary, type SignedAsset } from './summary.js'

export interface Report {
  outputs: Record<string, string>
  summary: string
}

export function report(
  result: RunResult,
  inputs: Inputs,
  repository: string,
  serverUrl?: string
): Report {
  const { plan } = result
  const assets: SignedAsset[] = signedSubjects(plan).map((p) => ({
    name: p.subject.name,
    sha256: p.subject.sha256,
    size: p.subject.size,
    sidecars: p.sidecars.map((s) => s.name),
    logIndex: logIndexOf(result.bundles.get(p.subject.name)),
    logV2: isRekorV2(result.bundles.get(p.subject.name)),
    reused: p.reuse !== undefined,
    checksumsFile: p === plan.checksums
  }))
  const outputs: Record<string, string> = {
    'release-id': String(plan.release.id),
    'signed-assets': JSON.stringify(
      assets.map((a) => ({
        name: a.name,
        digest: `sha256:${a.sha256}`,
        sidecars: a.sidecars,
        logIndex: a.logIndex ?? null
      }))
    ),
    'bundle-paths': result.bundlePaths.join('\n'),
    'bundle-dir': result.bundlePaths.length > 0 ? result.bundleDir : '',
    'provenance-path': result.provenancePath ?? '',
    'attestation-id': result.attestation ? String(result.attestation.id) : '',
    'attestation-url': result.attestation?.url ?? '',
    published: String(result.published),
    'downloads-verified': result.afterPublish
      ? String(result.afterPublish.downloads.problems.length === 0)
      : '',
    'release-attestation': result.afterPublish?.releaseAttestation.status ?? ''
  }
  const san = result.identity?.san ?? '<signer identity>'
  const provenanceFile = plan.statements.find((st) => st.kind === 'provenance')?.file
  const summary = renderSummary({
    repository,
    releaseTag: plan.release.tagName,
    releaseUrl: plan.release.htmlUrl,
    draft: plan.release.draft && !result.published,
    dryRun: inputs.dryRun,
    assets,
    skipped: plan.skipped,
    commands: {
      san,
      issuer: result.identity?.issuer ?? GITHUB_ACTIONS_ISSUER,
      // A trusted root from a TUF repository of the user's (tuf-mirror) must be passed explicitly
      // too: verifiers only know the public-good and GitHub repositories.
      custom: result.instance.name === 'custom' || inputs.tufMirror !== undefined,
      github: result.instance.name === 'github' && !inputs.tufMirror,
      // cosign asks every certificate for an SCT unless told otherwise; GitHub's Fulcio adds none.
      withoutSct:
        result.instance.name === 'github' || result.instance.trustedRoot.ctlogs.length === 0,
      rekorUrl: result.instance.rekorUrl,
      // Kept bundles count too: a re-run keeps what an earlier run logged.
      rekorVersion: result.instance.rekorVersion === 2 || assets.some((a) => a.logV2) ? 2 : 1,
      repository,
      serverUrl,
      signerWorkflow:
        result.identity?.jobWorkflowRef.split('@')[0] ?? '<owner/repo/.github/workflows/file.yml>'
    },
    provenance: provenanceFile
      ? { name: provenanceFile.name, subjects: plan.subjects.length, builder: san }
      : undefined,
    checksums: plan.checksums?.subject.name,
    sbom: sbomOf(plan),
    attestationUrl: result.attestation?.url,
    policy: result.policy,
    authorization: authorizationOf(result),
    instance: { name: result.instance.name, reason: result.instance.reason },
    afterPublish: result.afterPublish
  })
  return { outputs, summary }
}

function authorizationOf(result: RunResult): SummaryInputAuthorization | undefined {
  const file = result.plan.statements.find((st) => st.kind === 'authorization')?.file
  const recorded = result.authorization
  return file && recorded
    ? {
        name: file.name,
        environment: recorded.environment.name,
        approvers: recorded.approvals.filter((a) => a.state === 'approved').map((a) => a.login)
      }
    : undefined
}

type SummaryInputAuthorization = NonNullable<Parameters<typeof renderSummary>[0]['authorization']>

function sbomOf(plan: RunResult['plan']): { name: string; predicateType: string } | undefined {
  const sbom = plan.statements.find((st) => st.kind === 'sbom')
  return sbom && { name: sbom.file.name, predicateType: sbom.predicateType }
}

/** Whether a bundle's entry is Rekor v2's: hashedrekord 0.0.2, which only v2 logs. */
function isRekorV2(bundle: SerializedBundle | undefined): boolean {
  const kind = bundle?.verificationMaterial.tlogEntries?.[0]?.kindVersion
  return kind?.kind === 'hashedrekord' && kind.version === '0.0.2'
}

/** The Rekor log index of a bundle's entry; protobuf's JSON omits an index of 0. */
function logIndexOf(bundle: SerializedBundle | undefined): string | undefined {
  const entry = bundle?.verificationMaterial.tlogEntries?.[0]
  return entry ? (entry.logIndex ?? '0') : undefined
}
