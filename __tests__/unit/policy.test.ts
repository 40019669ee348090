/** Origin policy from the token's claims: each refusal names the claim, its value and the input. */
import { describe, expect, it } from '@jest/globals'
import { UserError } from '../../src/errors.js'
import type { Identity } from '../../src/identity.js'
import { enforceOrigin, type OriginPolicy } from '../../src/policy.js'

const identity: Identity = {
  san: 'https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.2.3',
  issuer: 'https://token.actions.githubusercontent.com',
  repository: 'o/r',
  repositoryVisibility: 'public',
  jobWorkflowRef: 'o/r/.github/workflows/release.yml@refs/tags/v1.2.3',
  workflowRef: 'o/r/.github/workflows/release.yml@refs/tags/v1.2.3',
  ref: 'refs/tags/v1.2.3',
  eventName: 'push',
  refProtected: false,
  runnerEnvironment: 'github-hosted',
  runId: '1',
  runAttempt: '1',
  actor: 'octocat'
}

const open: OriginPolicy = {
  allowedRefs: [],
  allowedEvents: [],
  requireProtectedRef: false,
  runnerEnvironment: 'any'
}

function refusal(id: Partial<Identity>, policy: Partial<OriginPolicy>): UserError | undefined {
  try {
    enforceOrigin({ ...identity, ...id }, { ...open, ...policy })
    return undefined
  } catch (error) {
    return error as UserError
  }
}

describe('origin policy', () => {
  it.each([
    ['a ref outside allowed-refs', {}, { allowedRefs: ['refs/heads/main'] }, 'ref', 'allowed-refs'],
    [
      'an event outside allowed-events',
      {},
      { allowedEvents: ['release'] },
      'event_name',
      'allowed-events'
    ],
    [
      'pull_request_target unless named',
      { eventName: 'pull_request_target' },
      {},
      'event_name',
      'allowed-events'
    ],
    [
      'an unprotected ref when one is required',
      {},
      { requireProtectedRef: true },
      'ref_protected',
      'require-protected-ref'
    ],
    [
      'a self-hosted runner',
      { runnerEnvironment: 'self-hosted' },
      { runnerEnvironment: 'github-hosted' as const },
      'runner_environment',
      'runner-environment'
    ]
  ])('refuses %s, naming the claim and the input', (_name, id, policy, claim, input) => {
    const error = refusal(id, policy)
    expect(error?.code).toBe('POLICY')
    expect(error?.message).toContain(`'${claim}'`)
    expect(error?.message).toContain(`'${input}'`)
  })

  it.each([
    ['any run under the open policy', {}, {}],
    ['a tag matching a glob', {}, { allowedRefs: ['refs/heads/main', 'refs/tags/v*'] }],
    [
      'a named event, pull_request_target included',
      { eventName: 'pull_request_target' },
      { allowedEvents: ['pull_request_target'] }
    ],
    ['a protected ref', { refProtected: true }, { requireProtectedRef: true }],
    ['a hosted runner', {}, { runnerEnvironment: 'github-hosted' as const }]
  ])('allows %s', (_name, id, policy) => {
    expect(refusal(id, policy)).toBeUndefined()
  })
})
