/**
 * The identity an OIDC token proves: the SAN Fulcio will certify (the job's workflow, on the run's
 * server), the claims the policy reads, and a refusal naming a missing claim.
 */
import { describe, expect, it } from '@jest/globals'
import {
  decodeClaims,
  identityFromToken,
  repositoryUrl,
  splitRepository,
  validFor
} from '../../src/identity.js'

const token = (claims: Record<string, unknown>): string =>
  ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.')
const claims = {
  iss: 'https://token.actions.githubusercontent.com',
  repository: 'o/r',
  repository_visibility: 'public',
  job_workflow_ref: 'o/shared/.github/workflows/sign.yml@refs/tags/v1',
  workflow_ref: 'o/r/.github/workflows/release.yml@refs/tags/v2',
  ref: 'refs/tags/v2',
  event_name: 'push'
}

describe('identity from the OIDC token', () => {
  it("builds the SAN from the job workflow, as Fulcio does, on the run's server", () => {
    expect(identityFromToken(token(claims), 'https://github.com/').san).toBe(
      'https://github.com/o/shared/.github/workflows/sign.yml@refs/tags/v1'
    )
    expect(identityFromToken(token(claims), 'https://octo.ghe.com').san).toBe(
      'https://octo.ghe.com/o/shared/.github/workflows/sign.yml@refs/tags/v1'
    )
  })

  it('reads the claims the policy uses, with absent optional claims empty', () => {
    expect(identityFromToken(token(claims), 'https://github.com')).toEqual({
      san: 'https://github.com/o/shared/.github/workflows/sign.yml@refs/tags/v1',
      issuer: 'https://token.actions.githubusercontent.com',
      repository: 'o/r',
      repositoryVisibility: 'public',
      jobWorkflowRef: 'o/shared/.github/workflows/sign.yml@refs/tags/v1',
      workflowRef: 'o/r/.github/workflows/release.yml@refs/tags/v2',
      ref: 'refs/tags/v2',
      eventName: 'push',
      refProtected: false,
      runnerEnvironment: '',
      environment: undefined,
      runId: '',
      runAttempt: '',
      actor: ''
    })
    const full = identityFromToken(
      token({
        ...claims,
        ref_protected: 'true',
        runner_environment: 'self-hosted',
        environment: 'production',
        run_id: '42',
        run_attempt: '2',
        actor: 'octocat'
      }),
      'https://github.com'
    )
    expect(full).toMatchObject({
      refProtected: true,
      runnerEnvironment: 'self-hosted',
      environment: 'production',
      runId: '42',
      runAttempt: '2',
      actor: 'octocat'
    })
    // GitHub sends ref_protected as a string; a boolean is read the same way.
    expect(identityFromToken(token({ ...claims, ref_protected: true }), 'x').refProtected).toBe(
      true
    )
    expect(identityFromToken(token({ ...claims, ref_protected: 'false' }), 'x').refProtected).toBe(
      false
    )
  })

  it('refuses a token that is not a GitHub Actions token, naming the missing claim', () => {
    expect(() => identityFromToken('not-a-jwt', 'https://github.com')).toThrow('not a JWT')
    expect(() => decodeClaims('not-a-jwt')).toThrow(expect.objectContaining({ code: 'OIDC' }))
    for (const name of ['job_workflow_ref', 'iss', 'repository', 'ref', 'event_name']) {
      expect(() =>
        identityFromToken(token({ ...claims, [name]: undefined }), 'https://github.com')
      ).toThrow(expect.objectContaining({ code: 'OIDC', message: expect.stringContaining(name) }))
    }
    // An empty claim is as good as none.
    expect(() => identityFromToken(token({ ...claims, ref: '' }), 'https://github.com')).toThrow(
      "no 'ref' claim"
    )
  })
})

describe('how long a token stays valid', () => {
  it('counts from its exp claim, and treats a token without one as expired', () => {
    const now = 1_700_000_000_000
    const expiring = token({ ...claims, exp: now / 1000 + 120 })
    expect(validFor(expiring, 120_000, now)).toBe(true)
    expect(validFor(expiring, 120_001, now)).toBe(false)
    expect(validFor(token(claims), 0, now)).toBe(false)
  })
})

describe('repository names', () => {
  it('splits owner/repo, and nothing else', () => {
    expect(splitRepository('octo-org/app')).toEqual({ owner: 'octo-org', repo: 'app' })
    expect(splitRepository('octo-org')).toBeUndefined()
    expect(splitRepository('octo-org/app/extra')).toBeUndefined()
    expect(splitRepository('/app')).toBeUndefined()
    expect(splitRepository('octo-org/')).toBeUndefined()
  })

  it('joins a server URL and a repository, with or without a trailing slash', () => {
    expect(repositoryUrl('https://github.com/', 'o/r')).toBe('https://github.com/o/r')
    expect(repositoryUrl('https://ghes.example//', 'o/r')).toBe('https://ghes.example/o/r')
  })
})
