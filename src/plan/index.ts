/**
 * The plan stage: which release, what to sign, the digest of every subject, what is already on the
 * release and still valid, and whether GitHub's limits allow the rest. Nothing is written here.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from '../errors.js'
import type { Asset, Release, ReleaseClient } from '../github/releases.js'
import type { Inputs } from '../inputs.js'
import type { Log } from '../log.js'
import { renderChecksums } from './checksums.js'
import { coversExactly, SLSA_PROVENANCE_TYPE, type Statement } from '../intoto.js'
import { readSbom } from './sbom.js'
import { mapLimit } from '../util/pool.js'
import { checkBudget, requestsFor, type Budget } from './budget.js'
import { hashSubjects, type HashedSubject } from './hash.js'
import { reconcile, type ExistingReader, type SubjectPlan } from './reconcile.js'
import { checksumsLookOurs, planReleaseFile, type ReleaseFilePlan } from './release-files.js'
import { releaseTarget, resolveRelease, type EventContext } from './release.js'
import { localFiles, selectSubjects } from './subjects.js'
import { digestBuffer } from '../util/digest.js'
import { SBOM_FILE } from '../names.js'

export interface Plan {
  release: Release
  /** Assets on the release before this run. */
  assets: Asset[]
  /** Assets and local files to sign, each with its sidecars. */
  subjects: SubjectPlan[]
  /** The checksums file, signed like an asset (absent when `checksums` is empty). */
  checksums?: SubjectPlan & { file: ReleaseFilePlan; content: Buffer }
  /** Signed in-toto statements over the subjects: SLSA provenance, an SBOM. */
  statements: StatementPlan[]
  skipped: { name: string; reason: string }[]
  budget: Budget
}

export interface StatementPlan {
  kind: 'provenance' | 'sbom'
  file: ReleaseFilePlan
  predicateType: string
  /** Known at plan time for an SBOM; provenance's comes from the token when signing. */
  predicate?: Record<string, unknown>
  /** The bundle on the release, when it is kept. */
  kept?: SerializedBundle
}

/** What the plan needs to judge files already on the release (absent without a token). */
export interface ExistingJudge extends ExistingReader {
  /** The statement of a DSSE bundle file on the release; throws unless it verifies for this identity. */
  statementOf(content: Buffer): Statement
}

export interface PlanContext {
  client: ReleaseClient
  inputs: Inputs
  event: EventContext
  workspace: string
  judge?: ExistingJudge
  log: Log
}

const CONCURRENCY = { hash: 2, read: 4 }

export async function planRun(ctx: PlanContext): Promise<Plan> {
  const { client, inputs, log } = ctx
  const release = await resolveRelease(client, releaseTarget(inputs, ctx.event))
  log.info(
    `Release ${release.tagName} (id ${release.id}${release.draft ? ', draft' : ''}): ${release.htmlUrl}`
  )
  const assets = await client.listAssets(release.id)
  const files = await localFiles(inputs.files, ctx.workspace)
  const releaseFiles = [
    ...(inputs.provenance ? [inputs.provenanceName] : []),
    ...(inputs.sbom ? [SBOM_FILE] : []),
    ...(inputs.checksums ? [inputs.checksums] : [])
  ]
  const sbom = inputs.sbom ? await readSbom(inputs.sbom, ctx.workspace) : undefined
  const { subjects, skipped } = selectSubjects(assets, files, inputs.assets, releaseFiles)
  for (const s of skipped) log.warning(`Not signing '${s.name}': ${s.reason}`)
  if (subjects.length === 0) {
    throw new UserError(
      'NO_SUBJECTS',
      `No asset of release ${release.tagName} matches 'assets: ${inputs.assets.join(', ')}' (the release has ${assets.length}: ${assets.map((a) => a.name).join(', ') || 'none'})`,
      "upload the assets before this step, fix the 'assets' globs, or pass local 'files'"
    )
  }
  const hashed = await log.group(
    `Hashing ${subjects.length} subject${subjects.length === 1 ? '' : 's'}`,
    () => hashSubjects(subjects, client, log, CONCURRENCY.hash)
  )
  const byName = new Map(assets.map((a) => [a.name, a]))
  const judge = ctx.judge
  const plans = await mapLimit(hashed, CONCURRENCY.read, (s) =>
    reconcile(s, inputs.sidecars, byName, inputs.onExisting, judge)
  )
  for (const p of plans)
    if (p.staleReason)
      log.info(`${p.subject.name}: the bundle on the release is replaced (${p.staleReason})`)

  const checksums = inputs.checksums
    ? await planChecksums(inputs, hashed, byName, judge)
    : undefined
  const statements: StatementPlan[] = []
  if (inputs.provenance) {
    const planned = await planStatementFile(
      inputs.provenanceName,
      'provenance-name',
      inputs,
      hashed,
      byName,
      judge
    )
    statements.push({ kind: 'provenance', ...planned, predicateType: SLSA_PROVENANCE_TYPE })
  }
  if (sbom) {
    const planned = await planStatementFile(
      SBOM_FILE,
      'sbom',
      inputs,
      hashed,
      byName,
      judge,
      sbom.document
    )
    statements.push({
      kind: 'sbom',
      ...planned,
      predicateType: sbom.predicateType,
      predicate: sbom.document
    })
  }
  const budget = budgetFor(assets.length, plans, checksums, statements, inputs)
  log.info(
    `Plan: ${plans.filter((p) => !p.reuse).length} to sign, ${plans.filter((p) => p.reuse).length} already signed; ` +
      `${budget.newAssets} new assets (${budget.assetsAfter} of 1000 after), ${budget.contentRequests} content-creating requests` +
      (budget.minimumMinutes > 0
        ? ` (GitHub's 80 a minute stretch them over at least ${budget.minimumMinutes} minutes)`
        : '')
  )
  return { release, assets, subjects: plans, checksums, statements, skipped, budget }
}

async function planChecksums(
  inputs: Inputs,
  hashed: HashedSubject[],
  byName: Map<string, Asset>,
  judge: ExistingJudge | undefined
): Promise<Plan['checksums']> {
  const name = inputs.checksums
  const content = renderChecksums(hashed)
  const existing = byName.get(name)
  const subject: HashedSubject = {
    kind: 'generated',
    name,
    content,
    existing,
    ...digestBuffer(content)
  }
  const current = existing?.digest === subject.sha256
  const file = planReleaseFile(name, 'checksums', byName, {
    current,
    ours: checksumsLookOurs(name, byName)
  })
  // Sidecars of a rewritten checksums file belong to the old content: sign anew.
  const sidecarPlan = await reconcile(
    subject,
    inputs.sidecars,
    byName,
    current ? inputs.onExisting : 'replace',
    judge
  )
  return { ...sidecarPlan, file, content }
}

/**
 * Plans a statement file (provenance, SBOM): kept when it verifies for this identity and covers
 * exactly these subjects (and, for an SBOM, carries this very document).
 */
async function planStatementFile(
  name: string,
  input: string,
  inputs: Inputs,
  hashed: HashedSubject[],
  byName: Map<string, Asset>,
  judge: ExistingJudge | undefined,
  predicate?: Record<string, unknown>
): Promise<{ file: ReleaseFilePlan; kept?: SerializedBundle }> {
  const existing = byName.get(name)
  if (existing && inputs.onExisting === 'fail') {
    throw new UserError(
      'INPUT_CONFLICT',
      `'${name}' is already on the release (on-existing: fail)`,
      "use 'on-existing: skip' or 'replace'"
    )
  }
  // Without a token (a dry run) nothing can be judged: plan as if it were ours and stale.
  let status = { current: false, ours: true }
  let kept: SerializedBundle | undefined
  if (existing?.state === 'uploaded' && judge) {
    const content = await judge.read(existing)
    const current = inputs.onExisting === 'skip' && isCurrent(judge, content, hashed, predicate)
    status = { current, ours: looksLikeBundle(content) }
    if (current)
      kept = JSON.parse(content.toString('utf8').split('\n')[0] ?? '') as SerializedBundle
  }
  return { file: planReleaseFile(name, input, byName, status), kept }
}

function isCurrent(
  judge: ExistingJudge,
  content: Buffer,
  hashed: HashedSubject[],
  predicate: Record<string, unknown> | undefined
): boolean {
  try {
    const statement = judge.statementOf(content)
    const samePredicate =
      predicate === undefined || JSON.stringify(statement.predicate) === JSON.stringify(predicate)
    return samePredicate && coversExactly(statement, hashed)
  } catch {
    return false
  }
}

function looksLikeBundle(content: Buffer): boolean {
  try {
    const first = JSON.parse(
      content.toString('utf8').split('\n')[0] ?? ''
    ) as Partial<SerializedBundle>
    return typeof first.mediaType === 'string' && first.mediaType.includes('sigstore.bundle')
  } catch {
    return false
  }
}

function budgetFor(
  existing: number,
  plans: SubjectPlan[],
  checksums: Plan['checksums'],
  statements: StatementPlan[],
  inputs: Inputs
): Budget {
  const files = plans.filter(
    (p) => p.subject.kind === 'file' && p.subject.existing?.state !== 'uploaded'
  )
  const newFiles = files.filter(
    (p) => p.subject.kind === 'file' && p.subject.existing === undefined
  ).length
  const writes = [
    ...plans.flatMap((p) => p.sidecars),
    ...(checksums ? [...checksums.sidecars, checksums.file] : []),
    ...statements.map((st) => st.file)
  ].filter((w) => w.action !== 'keep')
  const attest =
    inputs.attestations === 'false'
      ? 0
      : statements.filter((st) => st.file.action !== 'keep').length
  return checkBudget({
    existingAssets: existing,
    newAssets:
      newFiles +
      writes.filter((w) => w.action === 'upload').length -
      writes.filter((w) => w.staleTemp).length,
    contentRequests:
      files.length +
      writes.reduce((n, w) => n + requestsFor({ replace: w.existing, staleTemp: w.staleTemp }), 0) +
      attest +
      (inputs.publish ? 1 : 0)
  })
}
