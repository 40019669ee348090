/**
 * The plan stage: which release, what to sign, the digest of every subject, what is already on the
 * release and still valid, and whether GitHub's limits allow the rest. Nothing is written here.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from '../errors.js'
import type { Asset } from '../github/assets.js'
import type { GitHubRepo } from '../github/index.js'
import type { Release } from '../github/releases.js'
import type { Inputs } from '../inputs.js'
import type { Log } from '../log.js'
import { renderChecksums } from '../checksums.js'
import {
  AUTHORIZATION_TYPE,
  coversExactly,
  SLSA_PROVENANCE_TYPE,
  type Statement
} from '../intoto.js'
import { stillValid, type AuthorizationPredicate } from './authorization.js'
import type { LocalInputs } from './local.js'
import { mapLimit } from '../util/pool.js'
import { checkBudget, requestsFor, type Budget } from './budget.js'
import { CONTENT_REQUESTS_PER_MINUTE } from '../github/limits.js'
import { hashSubjects, type HashedSubject } from './hash.js'
import type { OwnershipContext } from './ownership.js'
import { reconcile, type SubjectPlan } from './reconcile.js'
import { planReleaseFile, type ReleaseFilePlan } from './release-files.js'
import { releaseTarget, resolveRelease, type EventContext } from './release.js'
import { selectSubjects } from './subjects.js'
import { signedSubjects } from './signed-subjects.js'
import { digestBuffer } from '../util/digest.js'
import { quote } from '../util/format.js'
import { prefetched } from '../util/prefetch.js'
import { firstBundle } from '../bundle-lines.js'
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
  kind: 'provenance' | 'sbom' | 'authorization'
  file: ReleaseFilePlan
  predicateType: string
  /** Known at plan time for an SBOM; provenance's comes from the token when signing. */
  predicate?: Record<string, unknown>
  /** The bundle on the release, when it is kept. */
  kept?: SerializedBundle
}

/** Verifies what is already on the release for this run's identity (absent without a token). */
export interface ExistingVerifier {
  /** Throws when the bundle does not verify for this digest and identity. */
  verify: (bundle: SerializedBundle, sha256: string) => void
  /** The statement of a DSSE bundle file on the release; throws unless it verifies. */
  statementOf: (content: Buffer) => Statement
}

export interface PlanContext {
  github: GitHubRepo
  inputs: Inputs
  event: EventContext
  /** Local files and the SBOM, read and checked before any remote call (./local.ts). */
  local: LocalInputs
  /** `<server>/<owner>/<repo>`: files on the release are ours when their certificates name it. */
  repositoryUrl: string
  /** The bytes of a small asset on the release (sidecars, statements), read once per run. */
  read: (asset: Asset) => Promise<Buffer>
  verifier?: ExistingVerifier
  /**
   * Reads and checks the release's authorisation (./authorization.ts) once the release is known,
   * before anything is hashed; throws to refuse. The predicate to sign, when one is asked for.
   */
  authorize?: (release: Release) => Promise<AuthorizationPredicate | undefined>
  log: Log
}

/** Many small assets are bound by round trips (the API, then storage); large ones stream in 1 MiB reads. */
const CONCURRENCY = { hash: 16, read: 8 }

export async function planRun(ctx: PlanContext): Promise<Plan> {
  const { github, inputs, log } = ctx
  const target = releaseTarget(inputs, ctx.event)
  // Given its id, the release's assets are listed while it is read and its authorisation checked.
  const listAssets = 'id' in target ? prefetched(listOf(github), target.id) : listOf(github)
  const release = await resolveRelease(github, target)
  log.info(
    `Release ${release.tagName} (id ${release.id}${release.draft ? ', draft' : ''}): ${release.htmlUrl}`
  )
  const authorization = await ctx.authorize?.(release)
  if (authorization)
    log.info(
      `Authorised in environment ${quote(authorization.environment.name)} by ${authorization.approvals
        .filter((a) => a.state === 'approved')
        .map((a) => quote(a.login))
        .join(', ')}`
    )
  const assets = await listAssets(release.id)
  const { files, sbom } = ctx.local
  const releaseFiles = [
    ...(inputs.provenance ? [inputs.provenanceName] : []),
    ...(authorization ? [inputs.authorizationName] : []),
    ...(inputs.sbom ? [SBOM_FILE] : []),
    ...(inputs.checksums ? [inputs.checksums] : [])
  ]
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
    () => hashSubjects(subjects, github.assets, log, CONCURRENCY.hash)
  )
  const byName = new Map(assets.map((a) => [a.name, a]))
  const ownership: OwnershipContext = { repositoryUrl: ctx.repositoryUrl, byName, read: ctx.read }
  const judge = ctx.verifier
  // Nothing can be written on a published immutable release: judge what is there as a skip would.
  const onExisting = isSealed(release) ? 'skip' : inputs.onExisting
  const plans = await mapLimit(hashed, CONCURRENCY.read, (s) =>
    reconcile(s, { kinds: inputs.sidecars, onExisting, ownership, verify: judge?.verify })
  )
  for (const p of plans)
    if (p.staleReason)
      log.info(`${quote(p.subject.name)}: the bundle on the release is replaced (${p.staleReason})`)

  const checksums = inputs.checksums
    ? await planChecksums(inputs, onExisting, hashed, ownership, judge)
    : undefined
  const statements: StatementPlan[] = []
  if (inputs.provenance) {
    const planned = await planStatementFile(
      inputs.provenanceName,
      'provenance-name',
      onExisting,
      hashed,
      ownership,
      judge
    )
    statements.push({ kind: 'provenance', ...planned, predicateType: SLSA_PROVENANCE_TYPE })
  }
  if (sbom) {
    const planned = await planStatementFile(
      SBOM_FILE,
      'sbom',
      onExisting,
      hashed,
      ownership,
      judge,
      (statement) => JSON.stringify(statement.predicate) === JSON.stringify(sbom.document)
    )
    statements.push({
      kind: 'sbom',
      ...planned,
      predicateType: sbom.predicateType,
      predicate: sbom.document
    })
  }
  if (authorization) {
    const planned = await planStatementFile(
      inputs.authorizationName,
      'authorization-name',
      onExisting,
      hashed,
      ownership,
      judge,
      (statement) =>
        statement.predicateType === AUTHORIZATION_TYPE && stillValid(statement, authorization)
    )
    statements.push({
      kind: 'authorization',
      ...planned,
      predicateType: AUTHORIZATION_TYPE,
      predicate: authorization
    })
  }
  const budget = budgetFor(assets.length, plans, checksums, statements, inputs)
  log.info(
    `Plan: ${plans.filter((p) => !p.reuse).length} to sign, ${plans.filter((p) => p.reuse).length} already signed; ` +
      `${budget.newAssets} new assets (${budget.assetsAfter} of 1000 after), ${budget.contentRequests} content-creating requests` +
      (budget.minimumMinutes > 0
        ? ` (GitHub allows ${CONTENT_REQUESTS_PER_MINUTE} a minute: ${budget.minimumMinutes + 1} windows, paced over at least ${budget.minimumMinutes} minute${budget.minimumMinutes === 1 ? '' : 's'})`
        : '')
  )
  const plan = { release, assets, subjects: plans, checksums, statements, skipped, budget }
  if (isSealed(release)) {
    refuseIncomplete(plan)
    log.info(
      `Release ${quote(release.tagName)} is published and immutable, and every file is already on it and verifies: nothing to do`
    )
  }
  return plan
}

/** A published immutable release: GitHub accepts no asset on it any more. */
export function isSealed(release: Release): boolean {
  return !release.draft && release.immutable
}

/**
 * On a sealed release a re-run succeeds when everything is already there and verifies (nothing to
 * do); anything still missing cannot be added, and the refusal lists it.
 */
function refuseIncomplete(plan: Plan): void {
  const missing = [
    ...plan.subjects.filter(
      (p) => p.subject.kind === 'file' && p.subject.existing?.state !== 'uploaded'
    )
  ].map((p) => p.subject.name)
  for (const p of signedSubjects(plan)) {
    for (const s of p.sidecars) if (s.action !== 'keep') missing.push(s.name)
  }
  if (plan.checksums && plan.checksums.file.action !== 'keep')
    missing.push(plan.checksums.file.name)
  for (const st of plan.statements) if (st.file.action !== 'keep') missing.push(st.file.name)
  if (missing.length === 0) return
  throw new UserError(
    'RELEASE',
    `Release ${quote(plan.release.tagName)} is published and immutable, and still lacks ${missing.length} file${missing.length === 1 ? '' : 's'} that cannot be added now: ${missing.map(quote).join(', ')}`,
    "sign while the release is a draft, and let this action publish it with 'publish: true'"
  )
}

async function planChecksums(
  inputs: Inputs,
  onExisting: Inputs['onExisting'],
  hashed: HashedSubject[],
  ownership: OwnershipContext,
  judge: ExistingVerifier | undefined
): Promise<Plan['checksums']> {
  const name = inputs.checksums
  const content = renderChecksums(hashed)
  const existing = ownership.byName.get(name)
  const subject: HashedSubject = {
    kind: 'generated',
    name,
    content,
    existing,
    ...digestBuffer(content)
  }
  const current = existing?.digest === subject.sha256
  const file = await planReleaseFile(name, 'checksums', 'checksums', ownership, current)
  // Sidecars of a rewritten checksums file belong to the old content: sign anew.
  const sidecarPlan = await reconcile(subject, {
    kinds: inputs.sidecars,
    onExisting: current ? onExisting : 'replace',
    ownership,
    verify: judge?.verify
  })
  return { ...sidecarPlan, file, content }
}

/**
 * Plans a statement file (provenance, SBOM, authorisation): kept when it verifies for this identity
 * and covers exactly these subjects, and `matches` accepts its predicate (an SBOM: this very
 * document; an authorisation: still valid for this run).
 */
async function planStatementFile(
  name: string,
  input: string,
  onExisting: Inputs['onExisting'],
  hashed: HashedSubject[],
  ownership: OwnershipContext,
  judge: ExistingVerifier | undefined,
  matches?: (statement: Statement) => boolean
): Promise<{ file: ReleaseFilePlan; kept?: SerializedBundle }> {
  const existing = ownership.byName.get(name)
  // Without a token (a dry run) nothing can be verified: a file of ours is planned as stale.
  let kept: SerializedBundle | undefined
  if (existing?.state === 'uploaded' && judge && onExisting === 'skip') {
    const content = await ownership.read(existing)
    if (isCurrent(judge, content, hashed, matches)) kept = firstBundle(content)
  }
  const file = await planReleaseFile(name, input, 'statement', ownership, kept !== undefined)
  if (existing && onExisting === 'fail') {
    throw new UserError(
      'INPUT_CONFLICT',
      `${quote(name)} is already on the release (on-existing: fail)`,
      "use 'on-existing: skip' or 'replace'"
    )
  }
  return { file, kept }
}

function isCurrent(
  judge: ExistingVerifier,
  content: Buffer,
  hashed: HashedSubject[],
  matches: ((statement: Statement) => boolean) | undefined
): boolean {
  try {
    const statement = judge.statementOf(content)
    return (matches === undefined || matches(statement)) && coversExactly(statement, hashed)
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
  // Leftover temporary uploads beside kept files are deleted.
  const leftovers = [
    ...plans.flatMap((p) => p.sidecars),
    ...(checksums ? [...checksums.sidecars, checksums.file] : []),
    ...statements.map((st) => st.file)
  ].filter((w) => w.action === 'keep' && w.staleTemp).length
  return checkBudget({
    existingAssets: existing,
    newAssets:
      newFiles +
      writes.filter((w) => w.action === 'upload').length -
      writes.filter((w) => w.staleTemp).length -
      leftovers,
    contentRequests:
      files.length +
      leftovers +
      writes.reduce((n, w) => n + requestsFor({ replace: w.existing, staleTemp: w.staleTemp }), 0) +
      attest +
      (inputs.publish ? 1 : 0)
  })
}

function listOf(github: GitHubRepo): (releaseId: number) => Promise<Asset[]> {
  return (releaseId) => github.assets.list(releaseId)
}
