/** The workflow run the sandbox pretends to be: what GitHub puts into OIDC tokens and the runner's env. */
export interface ReusableWorkflow {
  /** `owner/repo` holding the reusable workflow. */
  repository: string
  /** Path of the reusable workflow in that repository, e.g. `.github/workflows/sign-release.yml`. */
  workflowFile: string
  /** Ref the caller used, e.g. `refs/tags/v1`. */
  ref: string
  sha: string
}

export interface WorkflowContext {
  /** `owner/repo` of the caller (the repository whose workflow runs). */
  repository: string
  repositoryId: number
  repositoryOwnerId: number
  visibility: 'public' | 'private' | 'internal'
  ref: string
  sha: string
  /** Path of the calling workflow file, e.g. `.github/workflows/release.yml`. */
  workflowFile: string
  /** The workflow's `name:`. */
  workflowName: string
  eventName: string
  runId: number
  runNumber: number
  runAttempt: number
  actor: string
  actorId: number
  /** Who started this attempt (GITHUB_TRIGGERING_ACTOR; differs from `actor` on a re-run). */
  triggeringActor?: string
  runnerEnvironment: 'github-hosted' | 'self-hosted'
  /** Whether a branch or tag rule protects the ref (`ref_protected`). */
  refProtected?: boolean
  /** Set when the job runs a reusable workflow: then job_workflow_ref names it, not the caller. */
  reusable?: ReusableWorkflow
  /** The deployment environment the job runs in (`environment:`): the `environment` claim. */
  environment?: string
}

export const defaultContext: WorkflowContext = {
  repository: 'octo-org/octo-repo',
  repositoryId: 100001,
  repositoryOwnerId: 200001,
  visibility: 'public',
  ref: 'refs/tags/v1.0.0',
  sha: 'a3c5f1e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4',
  workflowFile: '.github/workflows/release.yml',
  workflowName: 'Release',
  eventName: 'push',
  runId: 7000001,
  runNumber: 42,
  runAttempt: 1,
  actor: 'octocat',
  actorId: 583231,
  runnerEnvironment: 'github-hosted'
}

export function owner(repository: string): string {
  return repository.split('/')[0] ?? repository
}

export function workflowRef(ctx: WorkflowContext): string {
  return `${ctx.repository}/${ctx.workflowFile}@${ctx.ref}`
}

/** The workflow whose job runs: the reusable one when present. Fulcio's SAN is built from it. */
export function jobWorkflowRef(ctx: WorkflowContext): string {
  const r = ctx.reusable
  return r ? `${r.repository}/${r.workflowFile}@${r.ref}` : workflowRef(ctx)
}

export function jobWorkflowSha(ctx: WorkflowContext): string {
  return ctx.reusable?.sha ?? ctx.sha
}

/** GitHub's claim set for a token of this context (numbers are strings, as GitHub sends them). */
export function claimsFor(ctx: WorkflowContext): Record<string, string> {
  const refType = ctx.ref.startsWith('refs/tags/') ? 'tag' : 'branch'
  // A job in an environment gets `environment` and a `sub` that names it instead of the ref.
  const env = ctx.environment
  return {
    sub: env
      ? `repo:${ctx.repository}:environment:${env}`
      : `repo:${ctx.repository}:ref:${ctx.ref}`,
    ...(env ? { environment: env, environment_node_id: `EN_sandbox_${env}` } : {}),
    ref: ctx.ref,
    ref_type: refType,
    ref_protected: String(ctx.refProtected ?? false),
    sha: ctx.sha,
    repository: ctx.repository,
    repository_id: String(ctx.repositoryId),
    repository_owner: owner(ctx.repository),
    repository_owner_id: String(ctx.repositoryOwnerId),
    repository_visibility: ctx.visibility,
    actor: ctx.actor,
    actor_id: String(ctx.actorId),
    workflow: ctx.workflowName,
    workflow_ref: workflowRef(ctx),
    workflow_sha: ctx.sha,
    job_workflow_ref: jobWorkflowRef(ctx),
    job_workflow_sha: jobWorkflowSha(ctx),
    event_name: ctx.eventName,
    run_id: String(ctx.runId),
    run_number: String(ctx.runNumber),
    run_attempt: String(ctx.runAttempt),
    runner_environment: ctx.runnerEnvironment,
    head_ref: '',
    base_ref: ''
  }
}
