/**
 * Origin policy end to end: the action refuses, before anything is signed or written, a run whose
 * OIDC token's claims the policy inputs do not allow, and states the enforced policy when it signs.
 */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import type { WorkflowContext } from '../../sandbox/oidc/context.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { fulcioCalls, startTestSandbox, writes } from '../helpers/sandbox.js'

let sandbox: Sandbox
let gh: GitHubHelper
let original: WorkflowContext

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  original = { ...sandbox.state.context }
})
afterEach(async () => {
  await sandbox.setContext(original)
})
afterAll(async () => {
  await sandbox.close()
})

let tagCount = 0
async function draft(): Promise<string> {
  const release = await gh.createRelease(`v5.${++tagCount}.0`)
  await gh.upload(release, 'app.bin', 'app')
  return String(release.id)
}

it.each([
  ['a ref no glob allows', {}, { 'allowed-refs': 'refs/heads/main\nrefs/tags/release-*' }, 'ref'],
  ['an event not listed', {}, { 'allowed-events': 'release, workflow_dispatch' }, 'event_name'],
  ['pull_request_target, unless named', { eventName: 'pull_request_target' }, {}, 'event_name'],
  ['an unprotected ref', {}, { 'require-protected-ref': 'true' }, 'ref_protected'],
  [
    'a self-hosted runner',
    { runnerEnvironment: 'self-hosted' as const },
    { 'runner-environment': 'github-hosted' },
    'runner_environment'
  ]
])('refuses %s before signing anything', async (_name, context, inputs, claim) => {
  await sandbox.setContext(context)
  const releaseId = await draft()
  sandbox.clearRequests()
  const run = await runAction(sandbox, { 'release-id': releaseId, ...inputs })
  expect(codeOf(run)).toBe('POLICY')
  expect(errorsOf(run)).toContain(`'${claim}'`)
  expect(fulcioCalls(sandbox)).toBe(0)
  expect(writes(sandbox)).toBe(0)
})

it('signs a run the policy allows, and says in the job summary which policy it enforced', async () => {
  await sandbox.setContext({ refProtected: true })
  const run = await runAction(sandbox, {
    'release-id': await draft(),
    'allowed-refs': 'refs/tags/v*',
    'allowed-events': 'push',
    'require-protected-ref': 'true',
    'runner-environment': 'github-hosted'
  })
  expect(errorsOf(run)).toBe('')
  expect(run.summary).toContain(
    // Escaped for the summary's HTML, like every value that comes from inputs.
    'Origin policy enforced from the OIDC token: refs: refs/tags/v&#42;; events: push; protected ref: required; runner: github-hosted.'
  )
})
