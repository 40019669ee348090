/**
 * The job's OIDC token from the runner's token service, in process against the sandbox's service
 * (faults injected where a case needs it to fail): the token for the audience asked for, bounded
 * retries of failures, a refusal that is final, and what to fix when the job cannot ask at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { FaultInjector } from '../../sandbox/http/faults.js'
import { startOidc, type OidcService } from '../../sandbox/oidc/service.js'
import { decodeClaims } from '../../src/identity.js'
import { requestIdToken } from '../../src/id-token.js'
import { UserError } from '../../src/errors.js'

const faults = new FaultInjector()
let oidc: OidcService
let env: Record<string, string>

beforeAll(async () => {
  process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
  oidc = await startOidc({ faults })
  env = {
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
  }
})
afterEach(() => faults.clear())
afterAll(async () => {
  delete process.env.SIGN_RELEASE_RETRY_BASE_MS
  await oidc.close()
})

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

describe('requestIdToken', () => {
  it('gets a token for the audience asked for', async () => {
    const token = await requestIdToken('sigstore', env)
    expect(decodeClaims(token)).toMatchObject({ aud: 'sigstore', iss: oidc.issuer })
  })

  it('tries again after server errors and lost connections', async () => {
    faults.add({ service: 'oidc', status: 503, times: 1 })
    faults.add({ service: 'oidc', drop: true, times: 1 })
    expect(decodeClaims(await requestIdToken('sigstore', env)).aud).toBe('sigstore')
    expect(faults.list()).toEqual([])
  })

  it('says what failed when the service keeps failing', async () => {
    faults.add({ service: 'oidc', status: 500 })
    const error = await refusal(requestIdToken('sigstore', env))
    expect(error.code).toBe('OIDC')
    expect(error.message).toBe("The runner's OIDC token service did not issue a token (HTTP 500)")
    expect(error.hint).toBe('re-run the job: the token service failed several times')
  })

  it('takes a refused request token as final, and says so', async () => {
    const error = await refusal(
      requestIdToken('sigstore', { ...env, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' })
    )
    expect(error.code).toBe('OIDC')
    expect(error.message).toMatch(/\(HTTP 40[13]\)$/)
    expect(error.hint).toContain('id-token: write')
  })

  it('refuses an answer without a token', async () => {
    faults.add({ service: 'oidc', status: 200, body: { count: 1 } })
    const error = await refusal(requestIdToken('sigstore', env))
    expect(error.message).toBe("The runner's OIDC token service answered without a token")
  })

  it('names the missing permission when the job cannot ask for a token', async () => {
    for (const missing of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
      const error = await refusal(requestIdToken('sigstore', { ...env, [missing]: undefined }))
      expect(error.code).toBe('PERMISSION')
      expect(error.hint).toContain('id-token: write')
    }
  })
})
