/**
 * The release's authorisation (`authorization: environment`, `require-signed-tag`): read from GitHub
 * before anything is hashed or signed, refused when it is missing, and otherwise recorded as the
 * predicate of a signed statement (predicate type AUTHORIZATION_TYPE, docs/authorization.schema.json).
 */
import { UserError } from '../errors.js'
import type { AuthorizationClient, Review, Reviewer, Tag } from '../github/authorization.js'
import type { Statement } from '../intoto.js'
import { quote } from '../util/format.js'

export interface RunFacts {
  /** The OIDC token's `environment`, `run_id`, `run_attempt`, `actor`. */
  environment?: string
  runId: string
  runAttempt: string
  actor: string
  /** GITHUB_TRIGGERING_ACTOR: who started this attempt (not in the token). */
  triggeringActor: string
  /** The token's `workflow_ref` and `job_workflow_ref`. */
  workflowRef: string
  jobWorkflowRef: string
}

export interface AuthorizationPredicate extends Record<string, unknown> {
  environment: { name: string }
  reviewersRequired: Reviewer[]
  approvals: { login: string; id: number; state: string; comment: string }[]
  /** When the action read the run's review log: GitHub's API gives reviews no time of their own. */
  approvalsReadAt: string
  run: {
    id: string
    attempt: string
    actor: string
    triggeringActor: string
    workflowRef: string
    jobWorkflowRef: string
  }
  tag: {
    name: string
    commit: string | null
    annotated: boolean
    signatureVerified: boolean
    verificationReason: string
    signer: { name: string; email: string } | null
  }
}

export interface AuthorizationRequest {
  mode: 'none' | 'environment'
  requireSignedTag: boolean
  tagName: string
  run: RunFacts
  client: AuthorizationClient
  now?: () => Date
}

/** Reads and checks the authorisation; the predicate to sign, or undefined with `mode: none`. */
export async function readAuthorization(
  request: AuthorizationRequest
): Promise<AuthorizationPredicate | undefined> {
  const { client, run } = request
  const tag =
    request.mode === 'environment' || request.requireSignedTag
      ? await client.getTag(request.tagName)
      : undefined
  if (request.requireSignedTag && tag && !tag.verified) throw unsignedTag(tag)
  if (request.mode === 'none' || !tag) return undefined

  const name = run.environment
  if (!name) {
    throw new UserError(
      'AUTHORIZATION',
      "'authorization: environment' needs the job to run in an environment, and this one runs in none (the OIDC token has no 'environment' claim)",
      'add `environment: NAME` to the job, where NAME is an environment with required reviewers'
    )
  }
  const environment = await client.getEnvironment(name)
  const reviewers = environment?.requiredReviewers ?? []
  if (reviewers.length === 0) {
    throw new UserError(
      'AUTHORIZATION',
      `Environment ${quote(name)} has no required reviewers, so nobody had to approve this run`,
      `add required reviewers to ${quote(name)} (Settings → Environments), then re-run; nothing was signed`
    )
  }
  const runId = Number(run.runId)
  const reviews = (await client.getReviews(runId)).filter((r) => sameEnvironment(r, name))
  if (!reviews.some((r) => r.state === 'approved')) {
    throw new UserError(
      'AUTHORIZATION',
      `Nobody approved run ${run.runId} for environment ${quote(name)}`,
      'a required reviewer approves the job when it waits for the environment; nothing was signed'
    )
  }
  return {
    environment: { name: environment?.name ?? name },
    reviewersRequired: reviewers,
    approvals: reviews.map((r) => ({
      login: r.login,
      id: r.id,
      state: r.state,
      comment: r.comment
    })),
    approvalsReadAt: (request.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    run: {
      id: run.runId,
      attempt: run.runAttempt,
      actor: run.actor,
      triggeringActor: run.triggeringActor,
      workflowRef: run.workflowRef,
      jobWorkflowRef: run.jobWorkflowRef
    },
    tag: {
      name: tag.name,
      commit: tag.commit ?? null,
      annotated: tag.annotated,
      signatureVerified: tag.verified,
      verificationReason: tag.reason,
      signer: tag.verified && tag.tagger ? tag.tagger : null
    }
  }
}

/**
 * Whether an authorisation statement already on the release can be kept instead of signing anew.
 * The statement verified for this run's identity and covers exactly these subjects (checked by the
 * caller). That identity is the workflow, not the run: job 2 of any run of the same workflow signs
 * as the same SAN, so a statement of an earlier run would verify too, yet records approvals given to
 * that run, not this one. So it is still valid only when it records this run's id and environment,
 * the same tag state, and approvals that are all still in this run's review log. Across the two
 * jobs of one run the review log is the same one; a re-run attempt keeps the id and its log only
 * grows, so a statement recording an earlier attempt's approvals stays true and is kept.
 */
export function stillValid(statement: Statement, current: AuthorizationPredicate): boolean {
  const recorded = statement.predicate as Partial<AuthorizationPredicate>
  if (recorded.run?.id !== current.run.id) return false
  if (recorded.environment?.name !== current.environment.name) return false
  if (JSON.stringify(recorded.tag) !== JSON.stringify(current.tag)) return false
  const log = new Set(current.approvals.map(reviewKey))
  const approvals = recorded.approvals ?? []
  return (
    approvals.some((a) => a.state === 'approved') && approvals.every((a) => log.has(reviewKey(a)))
  )
}

function reviewKey(r: { login: string; id: number; state: string; comment: string }): string {
  return JSON.stringify([r.login, r.id, r.state, r.comment])
}

/** Environment names ignore case on GitHub. */
function sameEnvironment(review: Review, name: string): boolean {
  return review.environments.some((e) => e.toLowerCase() === name.toLowerCase())
}

function unsignedTag(tag: Tag): UserError {
  const what = !tag.commit
    ? `does not exist (yet)`
    : !tag.annotated
      ? 'is a lightweight tag, which carries no signature'
      : `is not signed with a signature GitHub verified (${quote(tag.reason)})`
  return new UserError(
    'AUTHORIZATION',
    `'require-signed-tag' refuses the release: its tag ${quote(tag.name)} ${what}`,
    "push an annotated tag signed with a key on the tagger's GitHub account (git tag -s), or set 'require-signed-tag: false'; nothing was signed"
  )
}
