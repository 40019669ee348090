/**
 * The OIDC token's claims, verified against its issuer's published keys (discovery document, then
 * JWKS, each with a deadline and bounded retries), as @actions/attest checks them for provenance:
 * a valid signature, an `iss` that starts with the issuer URL (GitHub Enterprise adds a slug), and
 * every claim the predicate is built from. The audience is not checked: the token is the one the
 * run signs with (audience `sigstore`), not one requested for provenance alone.
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose'
import { UserError, messageOf } from '../errors.js'
import { fetchJson, FetchJsonError } from '../util/fetch-json.js'

export interface WorkflowClaims extends JWTPayload {
  iss: string
  ref: string
  sha: string
  repository: string
  event_name: string
  job_workflow_ref: string
  workflow_ref: string
  repository_id: string
  repository_owner_id: string
  runner_environment: string
  run_id: string
  run_attempt: string
}

const REQUIRED_CLAIMS = [
  'iss',
  'ref',
  'sha',
  'repository',
  'event_name',
  'job_workflow_ref',
  'workflow_ref',
  'repository_id',
  'repository_owner_id',
  'runner_environment',
  'run_id',
  'run_attempt'
] as const

export async function verifiedClaims(token: string, issuer: string): Promise<WorkflowClaims> {
  const fail = (what: string, error?: unknown): UserError =>
    new UserError(
      'PROVENANCE',
      `Could not build the SLSA provenance: ${what} (OIDC issuer ${issuer})`,
      isTransient(error)
        ? 're-run the job: the OIDC issuer was failing or slow'
        : "check the OIDC issuer (for 'sigstore: custom', the token's issuer): it did not give what provenance needs",
      { cause: error }
    )
  const discovery = `${issuer}/.well-known/openid-configuration`
  let config: unknown
  try {
    config = await fetchJson(discovery)
  } catch (error) {
    throw fail(`its discovery document ${discovery} could not be read: ${messageOf(error)}`, error)
  }
  const jwksUri = (config as { jwks_uri?: unknown } | null)?.jwks_uri
  if (typeof jwksUri !== 'string') throw fail(`its discovery document ${discovery} has no jwks_uri`)
  let jwks: unknown
  try {
    jwks = await fetchJson(jwksUri)
  } catch (error) {
    throw fail(`its keys (${jwksUri}) could not be read: ${messageOf(error)}`, error)
  }
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, createLocalJWKSet(jwks as JSONWebKeySet)))
  } catch (error) {
    throw fail(`the OIDC token does not verify with its keys (${messageOf(error)})`, error)
  }
  if (!payload.iss) throw fail('the OIDC token has no "iss" claim')
  if (!payload.iss.startsWith(issuer))
    throw fail(`the OIDC token was issued by ${JSON.stringify(payload.iss)}`)
  const missing = REQUIRED_CLAIMS.filter((claim) => !(claim in payload))
  if (missing.length > 0) throw fail(`the OIDC token lacks the claims ${missing.join(', ')}`)
  return payload as WorkflowClaims
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof FetchJsonError)) return false
  return error.status === undefined || error.status === 429 || error.status >= 500
}
