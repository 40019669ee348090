/** One sandbox per e2e test file, and what the tests count in its request log. */
import { afterAll, beforeAll } from '@jest/globals'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { GitHubHelper, type ReleaseJson } from '../../sandbox/releases-client.js'
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

/** The sandbox an e2e test file shares, with a client that sets up releases as a user would. */
export interface SandboxFixture {
  readonly sandbox: Sandbox
  readonly gh: GitHubHelper
  /** A new draft release with a fresh tag (`v<series>.<n>.0`) and these files on it. */
  draft(files?: Record<string, string>): Promise<ReleaseJson>
}

/**
 * Starts one sandbox for the calling test file (beforeAll) and closes it (afterAll). Use its fields
 * inside tests and hooks, once it has started.
 */
export function useSandbox(
  options: { series?: number; start?: () => Promise<Sandbox> } = {}
): SandboxFixture {
  let started: { sandbox: Sandbox; gh: GitHubHelper } | undefined
  let tags = 0
  const ready = (): { sandbox: Sandbox; gh: GitHubHelper } => {
    if (!started) throw new Error('the sandbox is used before beforeAll started it')
    return started
  }
  beforeAll(async () => {
    const sandbox = await (options.start ?? startTestSandbox)()
    started = { sandbox, gh: new GitHubHelper(sandbox) }
  })
  afterAll(async () => {
    await started?.sandbox.close()
  })
  return {
    get sandbox() {
      return ready().sandbox
    },
    get gh() {
      return ready().gh
    },
    async draft(files = {}) {
      const { gh } = ready()
      const release = await gh.createRelease(`v${options.series ?? 0}.${++tags}.0`)
      for (const [name, content] of Object.entries(files)) await gh.upload(release, name, content)
      return release
    }
  }
}
