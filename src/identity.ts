/**
 * The signing identity a GitHub Actions OIDC token proves: what Fulcio will put into the
 * certificate, and so what every bundle must be verified against.
 */
import { UserError } from './errors.js'

/** The issuer of GitHub Actions' OIDC tokens on github.com and GHE.com. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

/** `owner/repo` split in two; undefined when it is not of that form. */
export function splitRepository(slug: string): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = slug.split('/')
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined
}

/** A repository's web URL on its GitHub server, as Fulcio's Source Repository URI names it. */
export function repositoryUrl(serverUrl: string, slug: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${slug}`
}

export interface Identity {
  /** The certificate SAN: `<server>/<job_workflow_ref>` (the reusable workflow when there is one). */
  san: string
  /** The token's issuer, e.g. GITHUB_ACTIONS_ISSUER. */
  issuer: string
  repository: string
  repositoryVisibility: string
  jobWorkflowRef: string
  workflowRef: string
  ref: string
  eventName: string
  /** Whether the ref is protected (`ref_protected`); false when the claim is absent. */
  refProtected: boolean
  /** `github-hosted` or `self-hosted` (`runner_environment`); '' when absent. */
  runnerEnvironment: string
  /** The deployment environment the job runs in (`environment`); absent outside one. */
  environment?: string
  /** The workflow run (`run_id`, `run_attempt`) and who started it (`actor`); '' when absent. */
  runId: string
  runAttempt: string
  actor: string
}

/** Reads the claims of a JWT without verifying it (Fulcio verifies it). */
export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  if (!payload) throw new UserError('OIDC', 'The OIDC token is not a JWT')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
}

/**
 * Whether a token stays valid for `marginMs` more (its `exp`): long enough for Fulcio to accept it,
 * so a run that read its identity from the token moments ago signs with the same one.
 */
export function validFor(token: string, marginMs: number, now = Date.now()): boolean {
  const exp = decodeClaims(token).exp
  return typeof exp === 'number' && exp * 1000 - now >= marginMs
}

export function identityFromToken(token: string, serverUrl: string): Identity {
  const claims = decodeClaims(token)
  const text = (name: string): string => {
    const value = claims[name]
    if (typeof value !== 'string' || value === '') {
      throw new UserError(
        'OIDC',
        `The OIDC token has no '${name}' claim`,
        'sign-release needs a GitHub Actions OIDC token'
      )
    }
    return value
  }
  const optional = (name: string): string => {
    const value = claims[name]
    return typeof value === 'string' ? value : ''
  }
  const jobWorkflowRef = text('job_workflow_ref')
  return {
    san: `${serverUrl.replace(/\/+$/, '')}/${jobWorkflowRef}`,
    issuer: text('iss'),
    repository: text('repository'),
    repositoryVisibility: text('repository_visibility'),
    jobWorkflowRef,
    workflowRef: text('workflow_ref'),
    ref: text('ref'),
    eventName: text('event_name'),
    refProtected: claims.ref_protected === 'true' || claims.ref_protected === true,
    runnerEnvironment: optional('runner_environment'),
    environment: optional('environment') || undefined,
    runId: optional('run_id'),
    runAttempt: optional('run_attempt'),
    actor: optional('actor')
  }
}
