/**
 * What Fulcio's GitHub Actions issuer type puts into a certificate, derived from the token's claims
 * only (fulcio config/identity/config.yaml `github-workflow` ci-provider metadata and
 * pkg/certificate/extensions.go): the SAN is the job's workflow, never the `sub` claim.
 */
import * as asn1js from 'asn1js'

/** Claims Fulcio's GitHub workflow principal refuses a token without. */
export const REQUIRED_CLAIMS = [
  'job_workflow_ref',
  'sha',
  'event_name',
  'repository',
  'workflow',
  'ref',
  'job_workflow_sha',
  'runner_environment',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'repository_visibility',
  'workflow_ref',
  'workflow_sha',
  'run_id',
  'run_attempt'
] as const

export const FULCIO_OID = (n: number): string => `1.3.6.1.4.1.57264.1.${n}`

export interface CertificateIdentity {
  subjectAlternativeName: string
  /** Fulcio extensions in the order Fulcio writes them; values are the raw extnValue bytes. */
  extensions: { oid: string; value: Buffer }[]
}

export class ClaimError extends Error {}

export function githubWorkflowIdentity(
  claims: Record<string, unknown>,
  issuer: string,
  serverUrl: string
): CertificateIdentity {
  const c = (name: string): string => {
    const value = claims[name]
    if (typeof value !== 'string' || value === '')
      throw new ClaimError(`missing ${name} claim in ID token`)
    return value
  }
  for (const name of REQUIRED_CLAIMS) c(name)
  const optional = (name: string): string => {
    const value = claims[name]
    return typeof value === 'string' ? value : ''
  }
  const url = serverUrl.replace(/\/+$/, '')
  const san = `${url}/${c('job_workflow_ref')}`

  // Deprecated extensions hold the raw string; the newer ones a DER UTF8String.
  const legacy: [number, string][] = [
    [1, issuer],
    [2, c('event_name')],
    [3, c('sha')],
    [4, c('workflow')],
    [5, c('repository')],
    [6, c('ref')]
  ]
  const current: [number, string][] = [
    [8, issuer],
    [9, san],
    [10, c('job_workflow_sha')],
    [11, c('runner_environment')],
    [12, `${url}/${c('repository')}`],
    [13, c('sha')],
    [14, c('ref')],
    [15, c('repository_id')],
    [16, `${url}/${c('repository_owner')}`],
    [17, c('repository_owner_id')],
    [18, `${url}/${c('workflow_ref')}`],
    [19, c('workflow_sha')],
    [20, c('event_name')],
    [21, `${url}/${c('repository')}/actions/runs/${c('run_id')}/attempts/${c('run_attempt')}`],
    [22, c('repository_visibility')],
    [23, optional('environment')],
    [24, optional('sub')]
  ]
  return {
    subjectAlternativeName: san,
    extensions: [
      ...legacy.map(([n, v]) => ({ oid: FULCIO_OID(n), value: Buffer.from(v) })),
      ...current
        .filter(([, v]) => v !== '')
        .map(([n, v]) => ({
          oid: FULCIO_OID(n),
          value: Buffer.from(new asn1js.Utf8String({ value: v }).toBER())
        }))
    ]
  }
}
