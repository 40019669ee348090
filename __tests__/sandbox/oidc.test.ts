/** The OIDC token service: GitHub Actions' contract, verifiable tokens, and @actions/attest accepting them. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { buildSLSAProvenancePredicate } from '@actions/attest'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { startOidc, type OidcService } from '../../sandbox/oidc/service.js'
import { claimsFor, defaultContext } from '../../sandbox/oidc/context.js'

let oidc: OidcService

beforeAll(async () => {
  oidc = await startOidc()
})
afterAll(async () => {
  await oidc.close()
})

const tokenRequest = (audience: string, bearer?: string): Promise<Response> =>
  fetch(`${oidc.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: bearer === undefined ? {} : { authorization: `bearer ${bearer}` }
  })

describe('OIDC token service', () => {
  it('answers the request URL (which already has a ?) with a JWT for the audience', async () => {
    expect(oidc.requestUrl).toContain('?')
    const response = await tokenRequest('sigstore', oidc.requestToken)
    expect(response.status).toBe(200)
    const { value } = (await response.json()) as { value: string }
    const discovery = (await (
      await fetch(`${oidc.issuer}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string }
    expect(discovery.issuer).toBe(oidc.issuer)
    const { payload, protectedHeader } = await jwtVerify(
      value,
      createRemoteJWKSet(new URL(discovery.jwks_uri)),
      {
        issuer: oidc.issuer,
        audience: 'sigstore'
      }
    )
    expect(protectedHeader.alg).toBe('RS256')
    for (const claim of [
      'iss',
      'aud',
      'sub',
      'ref',
      'ref_type',
      'sha',
      'repository',
      'repository_id',
      'repository_owner',
      'repository_owner_id',
      'repository_visibility',
      'workflow',
      'workflow_ref',
      'workflow_sha',
      'job_workflow_ref',
      'job_workflow_sha',
      'event_name',
      'run_id',
      'run_number',
      'run_attempt',
      'runner_environment',
      'actor',
      'actor_id',
      'iat',
      'nbf',
      'exp'
    ]) {
      expect(payload).toHaveProperty(claim)
    }
    expect(payload.job_workflow_ref).toBe(
      `${defaultContext.repository}/${defaultContext.workflowFile}@${defaultContext.ref}`
    )
  })

  it('refuses a missing or wrong bearer with 401', async () => {
    expect((await tokenRequest('sigstore')).status).toBe(401)
    expect((await tokenRequest('sigstore', 'wrong')).status).toBe(401)
  })

  it('names the reusable workflow in job_workflow_ref and the caller in workflow_ref', () => {
    const claims = claimsFor({
      ...defaultContext,
      reusable: {
        repository: 'org/shared',
        workflowFile: '.github/workflows/sign.yml',
        ref: 'refs/tags/v2',
        sha: 'f'.repeat(40)
      }
    })
    expect(claims.job_workflow_ref).toBe('org/shared/.github/workflows/sign.yml@refs/tags/v2')
    expect(claims.job_workflow_sha).toBe('f'.repeat(40))
    expect(claims.workflow_ref).toBe(
      `${defaultContext.repository}/${defaultContext.workflowFile}@${defaultContext.ref}`
    )
    expect(claims.ref_type).toBe('tag')
  })

  it('names the environment in its own claim and in sub, as GitHub does for a job in one', () => {
    const plain = claimsFor(defaultContext)
    expect(plain.environment).toBeUndefined()
    expect(plain.sub).toBe(`repo:${defaultContext.repository}:ref:${defaultContext.ref}`)
    const claims = claimsFor({ ...defaultContext, environment: 'release' })
    expect(claims.environment).toBe('release')
    expect(claims.sub).toBe(`repo:${defaultContext.repository}:environment:release`)
  })

  it("is accepted by @actions/attest's provenance builder, which verifies tokens against the issuer's keys", async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      GITHUB_SERVER_URL: 'https://github.com'
    })
    try {
      const predicate = await buildSLSAProvenancePredicate(oidc.issuer)
      const params = predicate.params as { runDetails: { builder: { id: string } } }
      expect(predicate.type).toBe('https://slsa.dev/provenance/v1')
      expect(params.runDetails.builder.id).toBe(
        `https://github.com/${defaultContext.repository}/${defaultContext.workflowFile}@${defaultContext.ref}`
      )
    } finally {
      process.env = saved
    }
  })
})
