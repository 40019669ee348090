/**
 * The release's authorisation, read in process through the action's own GitHub client from the
 * GitHub stand-in (environments with required reviewers, the run's review log, signed and unsigned
 * tags): refused with a clear fix when it is missing, recorded as the predicate otherwise; and a
 * statement already on the release kept only while it is still true of this run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { AuthorizationClient } from '../../../src/github/authorization.js'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { AUTHORIZATION_TYPE, statementFor } from '../../../src/intoto.js'
import { silentLog } from '../../../src/log.js'
import {
  readAuthorization,
  stillValid,
  type AuthorizationPredicate,
  type AuthorizationRequest,
  type RunFacts
} from '../../../src/plan/authorization.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/auth'
const COMMIT = 'c'.repeat(40)
const NOW = new Date('2026-05-01T12:00:00.123Z')
let h: Harness
let client: AuthorizationClient

const run: RunFacts = {
  environment: 'release',
  runId: '77',
  runAttempt: '1',
  actor: 'alice',
  triggeringActor: 'alice',
  workflowRef: `${REPO}/.github/workflows/release.yml@refs/tags/v1`,
  jobWorkflowRef: `${REPO}/.github/workflows/release.yml@refs/tags/v1`
}

beforeAll(async () => {
  h = await startHarness()
  const { octokit } = createOctokit({ token: h.gh.token, apiUrl: h.gh.apiUrl, log: silentLog })
  client = new AuthorizationClient(new RepoApi(octokit, { owner: 'octo-org', repo: 'auth' }))
  h.gh.createRelease(REPO, { tag: 'v1', draft: true })
  h.gh.setEnvironment(REPO, 'Release', { reviewers: [{ login: 'bob', id: 12 }] })
  h.gh.setEnvironment(REPO, 'open', {})
  h.gh.setTag(REPO, 'v1', {
    commit: COMMIT,
    verified: true,
    reason: 'valid',
    tagger: { name: 'Alice', email: 'alice@example.com' }
  })
  h.gh.setTag(REPO, 'v1-unsigned', { commit: COMMIT, reason: 'unsigned' })
  h.gh.setTag(REPO, 'v1-light', { commit: COMMIT, annotated: false })
  h.gh.approveRun(REPO, 77, { environment: 'Release', login: 'bob', id: 12, comment: 'ship it' })
  h.gh.approveRun(REPO, 78, { environment: 'Release', login: 'bob', id: 12, state: 'rejected' })
})
afterAll(async () => {
  await h.close()
})

const request = (overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  mode: 'environment',
  requireSignedTag: false,
  tagName: 'v1',
  run,
  client,
  now: () => NOW,
  ...overrides
})

async function refusal(overrides: Partial<AuthorizationRequest>): Promise<UserError> {
  const error = await readAuthorization(request(overrides)).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).code).toBe('AUTHORIZATION')
  return error as UserError
}

describe('readAuthorization', () => {
  it('records the environment, its reviewers, the approvals, the run and the tag', async () => {
    expect(await readAuthorization(request())).toEqual({
      environment: { name: 'Release' },
      reviewersRequired: [{ type: 'User', name: 'bob', id: 12 }],
      approvals: [{ login: 'bob', id: 12, state: 'approved', comment: 'ship it' }],
      approvalsReadAt: '2026-05-01T12:00:00Z',
      run: {
        id: '77',
        attempt: '1',
        actor: 'alice',
        triggeringActor: 'alice',
        workflowRef: run.workflowRef,
        jobWorkflowRef: run.jobWorkflowRef
      },
      tag: {
        name: 'v1',
        commit: COMMIT,
        annotated: true,
        signatureVerified: true,
        verificationReason: 'valid',
        signer: { name: 'Alice', email: 'alice@example.com' }
      }
    })
  })

  it('reads nothing with authorization: none and no signed-tag requirement', async () => {
    expect(await readAuthorization(request({ mode: 'none', tagName: 'v1-light' }))).toBeUndefined()
  })

  it('refuses a job that runs in no environment', async () => {
    const error = await refusal({ run: { ...run, environment: undefined } })
    expect(error.message).toContain("the OIDC token has no 'environment' claim")
  })

  it('refuses an environment nobody had to approve, or that GitHub does not know', async () => {
    const open = await refusal({ run: { ...run, environment: 'open' } })
    expect(open.message).toBe(
      'Environment "open" has no required reviewers, so nobody had to approve this run'
    )
    const unknown = await refusal({ run: { ...run, environment: 'nowhere' } })
    expect(unknown.message).toContain('"nowhere" has no required reviewers')
  })

  it('refuses a run nobody approved (a rejection is no approval)', async () => {
    const error = await refusal({ run: { ...run, runId: '78' } })
    expect(error.message).toBe('Nobody approved run 78 for environment "release"')
    const unreviewed = await refusal({ run: { ...run, runId: '79' } })
    expect(unreviewed.message).toContain('Nobody approved run 79')
  })

  it.each([
    ['v1-unsigned', 'is not signed with a signature GitHub verified ("unsigned")'],
    ['v1-light', 'is a lightweight tag, which carries no signature'],
    ['v9', 'does not exist (yet)']
  ])('with require-signed-tag, refuses the tag %s: it %s', async (tagName, what) => {
    const error = await refusal({ mode: 'none', requireSignedTag: true, tagName })
    expect(error.message).toBe(
      `'require-signed-tag' refuses the release: its tag "${tagName}" ${what}`
    )
    expect(error.hint).toContain('git tag -s')
  })

  it('records an unsigned tag as such when only the environment is required', async () => {
    const predicate = await readAuthorization(request({ tagName: 'v1-light' }))
    expect(predicate?.tag).toEqual({
      name: 'v1-light',
      commit: COMMIT,
      annotated: false,
      signatureVerified: false,
      verificationReason: expect.any(String),
      signer: null
    })
  })
})

describe('stillValid', () => {
  let current: AuthorizationPredicate
  beforeAll(async () => {
    current = (await readAuthorization(request())) as AuthorizationPredicate
  })
  const recorded = (change: Partial<AuthorizationPredicate>) =>
    statementFor([], AUTHORIZATION_TYPE, { ...current, ...change })

  it('keeps a statement of this run, also one recorded at an earlier attempt', () => {
    expect(stillValid(recorded({}), current)).toBe(true)
    expect(stillValid(recorded({ run: { ...current.run, attempt: '0' } }), current)).toBe(true)
  })

  it('refuses one of another run, environment or tag state', () => {
    expect(stillValid(recorded({ run: { ...current.run, id: '76' } }), current)).toBe(false)
    expect(stillValid(recorded({ environment: { name: 'staging' } }), current)).toBe(false)
    expect(
      stillValid(recorded({ tag: { ...current.tag, signatureVerified: false } }), current)
    ).toBe(false)
  })

  it("refuses approvals this run's log does not hold, and a record without an approval", () => {
    const forged = { login: 'mallory', id: 66, state: 'approved', comment: '' }
    expect(stillValid(recorded({ approvals: [...current.approvals, forged] }), current)).toBe(false)
    const rejected = current.approvals.map((a) => ({ ...a, state: 'rejected' }))
    expect(stillValid(recorded({ approvals: rejected }), { ...current, approvals: rejected })).toBe(
      false
    )
  })
})
