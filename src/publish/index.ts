/**
 * The publish stage: local files first, then every sidecar, the checksums file and the provenance,
 * then the attestations API, then (when the `publish` input asks, its last step only) the release
 * itself. Only verified bundles get here.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from '../errors.js'
import type { GitHubRepo } from '../github/index.js'
import type { Release } from '../github/releases.js'
import type { AttestationsMode } from '../inputs.js'
import type { Log } from '../log.js'
import { isSealed, type Plan } from '../plan/index.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import type { Asset, AssetsClient } from '../github/assets.js'
import { quote } from '../util/format.js'
import { SIDECAR_CONTENT_TYPE } from '../names.js'
import type { PlannedSidecar, SubjectPlan } from '../plan/reconcile.js'
import type { ReleaseFilePlan } from '../plan/release-files.js'
import type { Signed } from '../sign/index.js'
import { sidecarContent } from '../sidecars.js'
import { mapLimit } from '../util/pool.js'
import { ensureAttestation, storeAttestation, type StoredAttestation } from './attestation.js'
import { putFile, putFiles } from './upload.js'

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

/** Uploads are round trips more than bandwidth for sidecars; the pacer keeps them under GitHub's limits. */
const UPLOAD_CONCURRENCY = 10

interface Write {
  plan: ReleaseFilePlan | PlannedSidecar
  body: () => Buffer
  contentType: string
}

/** Proofs first: the bundle and certificate go up before the `.sig` they vouch for. */
const WRITE_ORDER: Record<PlannedSidecar['kind'], number> = { bundle: 0, pem: 1, sig: 2 }

export async function publishPlan(input: PublishInput): Promise<Published> {
  const { github, plan, signed, log } = input
  const release = plan.release
  await uploadLocalFiles(github.assets, release, plan.subjects, log)

  // A subject's files are written together, proofs first (see putFiles); subjects side by side.
  const chains: Write[][] = []
  const withSidecars = signedSubjects(plan)
  for (const p of withSidecars) {
    const bundle = bundleFor(signed, p.subject.name)
    const sidecars = [...p.sidecars].sort((a, b) => WRITE_ORDER[a.kind] - WRITE_ORDER[b.kind])
    chains.push(
      sidecars.map((sidecar) => ({
        plan: sidecar,
        body: () => sidecarContent(bundle, sidecar.kind),
        contentType: SIDECAR_CONTENT_TYPE[sidecar.kind]
      }))
    )
  }
  if (plan.checksums) {
    const content = plan.checksums.content
    chains.push([{ plan: plan.checksums.file, body: () => content, contentType: 'text/plain' }])
  }
  for (const st of plan.statements) {
    const fresh = signed.statements.find((s) => s.name === st.file.name)
    if (fresh)
      chains.push([
        {
          plan: st.file,
          body: () => Buffer.from(JSON.stringify(fresh.bundle) + '\n'),
          contentType: 'application/jsonl'
        }
      ])
  }
  const pending = chains
    .map((chain) => chain.filter((w) => w.plan.action !== 'keep'))
    .filter((chain) => chain.length > 0)
  const count = pending.reduce((n, chain) => n + chain.length, 0)
  await log.group(`Uploading ${count} file${count === 1 ? '' : 's'}`, async () => {
    await mapLimit(pending, UPLOAD_CONCURRENCY, async (chain) => {
      await putFiles(
        github.assets,
        release,
        chain.map((w) => ({
          name: w.plan.name,
          body: { buffer: w.body() },
          contentType: w.contentType,
          replace: w.plan.existing,
          staleTemp: w.plan.staleTemp
        }))
      )
      for (const w of chain)
        log.info(`${w.plan.action === 'replace' ? 'Replaced' : 'Uploaded'} ${w.plan.name}`)
    })
    if (count === 0) log.info('Everything was already on the release and valid')
  })
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

async function uploadLocalFiles(
  assets: AssetsClient,
  release: Release,
  subjects: SubjectPlan[],
  log: Log
): Promise<void> {
  const files = subjects
    .map((p) => p.subject)
    .filter((s) => s.kind === 'file' && s.existing?.state !== 'uploaded')
  await mapLimit(files, UPLOAD_CONCURRENCY, async (s) => {
    if (s.kind !== 'file') return
    const asset = await putFile(assets, release, {
      name: s.name,
      body: { path: s.path, size: s.size },
      contentType: 'application/octet-stream',
      replace: s.existing,
      sha256: s.sha256
    })
    if (asset.name !== s.name || (asset.digest && asset.digest !== s.sha256)) {
      throw new UserError(
        'ASSET_MISMATCH',
        `GitHub stored ${s.path} as '${asset.name}' (SHA-256 ${asset.digest ?? 'unknown'}), not as '${s.name}' (${s.sha256})`,
        'rename the file to a plain name (letters, digits, . _ - +) and re-run'
      )
    }
    log.info(`Uploaded ${quote(s.path)} as ${asset.name}`)
  })
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

function bundleFor(signed: Signed, name: string): SerializedBundle {
  const bundle = signed.bundles.get(name)
  if (!bundle) throw new Error(`no bundle for '${name}'`)
  return bundle
}
