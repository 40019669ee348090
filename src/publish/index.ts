/**
 * The publish stage, once every file is up (./uploads.ts): leftovers of interrupted runs removed,
 * then the attestations API, then (when the `publish` input asks, its last step only) the release
 * itself.
 */
import type { GitHubRepo } from '../github/index.js'
import type { AttestationsMode } from '../inputs.js'
import type { Log } from '../log.js'
import { isSealed, type Plan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import type { Asset } from '../github/assets.js'
import { quote } from '../util/format.js'
import type { PlannedSidecar } from '../plan/reconcile.js'
import type { ReleaseFilePlan } from '../plan/release-files.js'
import type { Signed } from '../sign/index.js'
import { ensureAttestation, storeAttestation, type StoredAttestation } from './attestation.js'

export interface PublishInput {
  github: GitHubRepo
  plan: Plan
  signed: Signed
  attestations: AttestationsMode
  /** The `publish` input: make a draft release public once everything is written. */
  publishDraft: boolean
  serverUrl: string
  log: Log
}

export interface Published {
  attestation?: StoredAttestation
  published: boolean
}

/** After the uploads (./uploads.ts): leftovers, the attestations API, then publishing the draft. */
export async function publishPlan(input: PublishInput): Promise<Published> {
  const { github, plan, signed, log } = input
  const release = plan.release
  // A temporary upload of ours left beside a file that is kept: nothing will replace it, so remove it.
  if (!isSealed(release)) {
    for (const file of keptWithLeftovers(plan)) {
      await github.assets.delete(file.staleTemp.id)
      log.info(`Removed ${quote(file.staleTemp.name)}, left by an interrupted run`)
    }
  }

  let attestation: StoredAttestation | undefined
  const first = plan.subjects[0]?.subject
  for (const st of plan.statements) {
    const fresh = signed.statements.find((s) => s.name === st.file.name)
    let stored: StoredAttestation | undefined
    if (fresh) {
      stored = await storeAttestation(
        github.attestations,
        fresh.bundle,
        input.attestations,
        input.serverUrl,
        log,
        st.file.name
      )
    } else if (st.kept && first) {
      const digest = `sha256:${first.sha256}`
      stored = await ensureAttestation(
        github.attestations,
        st.kept,
        digest,
        input.attestations,
        input.serverUrl,
        log,
        st.file.name
      )
    }
    if (st.kind === 'provenance') attestation = stored
  }
  let published = false
  if (input.publishDraft && release.draft) {
    await github.releases.publish(release.id)
    published = true
    log.info(`Published release ${release.tagName}`)
  }
  return { attestation, published }
}

/** Kept files whose temporary upload of an earlier run is still on the release. */
export function keptWithLeftovers(plan: Plan): { staleTemp: Asset }[] {
  const files: (PlannedSidecar | ReleaseFilePlan)[] = [
    ...signedSubjects(plan).flatMap((p) => p.sidecars),
    ...(plan.checksums ? [plan.checksums.file] : []),
    ...plan.statements.map((st) => st.file)
  ]
  return files.filter(
    (f): f is typeof f & { staleTemp: Asset } => f.action === 'keep' && f.staleTemp !== undefined
  )
}
