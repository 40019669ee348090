/**
 * Many assets under GitHub's real limit of 80 content-creating requests a minute, with the minute
 * scaled down (the sandbox and the action agree on its length): the action plans the pace from its
 * budget and says so before writing, stays within every window (the sandbox answers no 403), and
 * asks Fulcio for one certificate however many assets it signs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { fulcioCalls, writes } from '../helpers/sandbox.js'

const WINDOW_MS = 1500
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    secondaryLimits: { perMinute: 80, perHour: 500, windowScale: WINDOW_MS / 60_000 },
    primaryLimit: 100000
  })
})
afterAll(async () => {
  await sandbox.close()
})

describe('pacing from the budget', () => {
  it('signs 90 assets with one certificate and 90 uploads, none refused', async () => {
    const repo = sandbox.state.context.repository
    const release = sandbox.github.createRelease(repo, { tag: 'v-paced', draft: true })
    for (let i = 0; i < 90; i++)
      await sandbox.github.uploadAsset(repo, release.id, `pkg-${i}.tar.gz`, `pkg ${i}`)
    sandbox.clearRequests()
    const run = await runAction(
      sandbox,
      { 'release-id': String(release.id), sidecars: 'bundle' },
      { SIGN_RELEASE_RATE_WINDOW_MS: String(WINDOW_MS) }
    )
    expect(errorsOf(run)).toBe('')
    expect(sandbox.github.rateLimitRefusals()).toEqual({ primary: 0, secondary: 0 })
    expect(run.stdout).not.toMatch(/rate limit/i)
    expect(writes(sandbox)).toBe(90)
    expect(fulcioCalls(sandbox)).toBe(1)
    expect(sandbox.github.listAssets(repo, release.id)).toHaveLength(180)
    // The arithmetic comes before the first write.
    const plan = run.stdout.indexOf(
      '90 content-creating requests (GitHub allows 80 a minute: 2 windows, paced over at least 1 minute)'
    )
    expect(plan).toBeGreaterThan(-1)
    expect(plan).toBeLessThan(run.stdout.indexOf('Uploaded '))
  })
})
