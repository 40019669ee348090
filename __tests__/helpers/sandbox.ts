/** One sandbox per e2e test file, and what the tests count in its request log. */
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import type { ReusableWorkflow } from '../../sandbox/oidc/context.js'

/** The reusable-workflow context the tests sign in: our own reusable workflow at v1. */
export const REUSABLE_WORKFLOW: ReusableWorkflow = {
  repository: 'sign-release/sign-release',
  workflowFile: '.github/workflows/sign-release.yml',
  ref: 'refs/tags/v1',
  sha: 'd'.repeat(40)
}

/** Many runs against one repository: GitHub's limits would pace them (they are tested on their own). */
export function startTestSandbox(): Promise<Sandbox> {
  return startSandbox({
    secondaryLimits: { perMinute: 100000, perHour: 100000 },
    primaryLimit: 100000
  })
}

/** Certificates Fulcio issued. */
export function fulcioCalls(sandbox: Sandbox): number {
  return sandbox.requests().filter((r) => r.service === 'fulcio' && r.method === 'POST').length
}

/** Requests that changed anything on GitHub. */
export function writes(sandbox: Sandbox): number {
  return sandbox
    .requests()
    .filter((r) => (r.service === 'github' || r.service === 'uploads') && r.method !== 'GET').length
}
