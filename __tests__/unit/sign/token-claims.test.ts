/**
 * The OIDC token's claims, verified as provenance needs them, against the sandbox's OIDC issuer in
 * process (its discovery document and keys, with faults injected where a case needs GitHub's
 * issuer to misbehave): a genuine token gives its claims; a forged one, a foreign issuer, a missing
 * claim or an issuer that cannot be read each give a PROVENANCE error with the right fix.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { FaultInjector } from '../../../sandbox/http/faults.js'
import { startOidc, type OidcService } from '../../../sandbox/oidc/service.js'
import { UserError } from '../../../src/errors.js'
import { verifiedClaims } from '../../../src/sign/token-claims.js'

const faults = new FaultInjector()
let oidc: OidcService
/** A key of our own, and a JWKS that holds it, for tokens the issuer never signed. */
const own = await generateKeyPair('ES256', { extractable: true })
const ownJwks = { keys: [{ ...(await exportJWK(own.publicKey)), kid: 'own', alg: 'ES256' }] }

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
  oidc = await startOidc({ faults, context: { repository: 'octo-org/app' } })
})
afterEach(() => faults.clear())
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await oidc.close()
})

function ownToken(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'own' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(own.privateKey)
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).code).toBe('PROVENANCE')
  return error as UserError
}

const NOT_TRANSIENT = "check the OIDC issuer (for 'sigstore: custom', the token's issuer)"

describe('verifiedClaims', () => {
  it("gives a genuine token's claims, whatever its audience", async () => {
    const claims = await verifiedClaims(await oidc.mint('sigstore'), oidc.issuer)
    expect(claims).toMatchObject({
      iss: oidc.issuer,
      repository: 'octo-org/app',
      aud: 'sigstore'
    })
    for (const name of ['sha', 'repository_id', 'run_id', 'runner_environment'])
      expect(typeof claims[name]).toBe('string')
  })

  it('refuses a token the issuer did not sign', async () => {
    const forged = await ownToken({ ...(await verifiedClaims(await oidc.mint(), oidc.issuer)) })
    const error = await refusal(verifiedClaims(forged, oidc.issuer))
    expect(error.message).toContain('the OIDC token does not verify with its keys')
    expect(error.hint).toContain(NOT_TRANSIENT)
  })

  it("refuses a token from another issuer, even one that verifies with this issuer's keys", async () => {
    faults.add({ service: 'oidc', path: '/.well-known/jwks', status: 200, body: ownJwks })
    const error = await refusal(
      verifiedClaims(await ownToken({ iss: 'https://evil.example' }), oidc.issuer)
    )
    expect(error.message).toContain('the OIDC token was issued by "https://evil.example"')
    const none = await refusal(verifiedClaims(await ownToken({}), oidc.issuer))
    expect(none.message).toContain('the OIDC token has no "iss" claim')
  })

  it('names every claim provenance needs that the token lacks', async () => {
    faults.add({ service: 'oidc', path: '/.well-known/jwks', status: 200, body: ownJwks })
    const error = await refusal(
      verifiedClaims(
        await ownToken({ iss: `${oidc.issuer}/enterprise-slug`, ref: 'refs/tags/v1', sha: 'a' }),
        oidc.issuer
      )
    )
    expect(error.message).toContain(
      'the OIDC token lacks the claims repository, event_name, job_workflow_ref, workflow_ref, repository_id, repository_owner_id, runner_environment, run_id, run_attempt'
    )
  })

  it('asks for a re-run when the issuer keeps failing, and to check it when it answers wrongly', async () => {
    const token = await oidc.mint()
    faults.add({ service: 'oidc', path: '/.well-known/openid-configuration', status: 503 })
    const failing = await refusal(verifiedClaims(token, oidc.issuer))
    expect(failing.message).toContain('its discovery document')
    expect(failing.message).toContain('could not be read: HTTP 503')
    expect(failing.hint).toBe('re-run the job: the OIDC issuer was failing or slow')
    faults.clear()
    faults.add({ service: 'oidc', path: '/.well-known/jwks', status: 404 })
    const missing = await refusal(verifiedClaims(token, oidc.issuer))
    expect(missing.message).toContain('its keys (')
    expect(missing.hint).toContain(NOT_TRANSIENT)
    faults.clear()
    faults.add({
      service: 'oidc',
      path: '/.well-known/openid-configuration',
      status: 200,
      body: { issuer: oidc.issuer }
    })
    const noKeys = await refusal(verifiedClaims(token, oidc.issuer))
    expect(noKeys.message).toContain('has no jwks_uri')
  })
})
