/**
 * `npm run bench -- limits`: 200 assets on a draft with GitHub's secondary limit on content-creating
 * requests (80 a minute, 500 an hour) scaled down so that a "minute" lasts a few seconds. The writes
 * cannot all fit in one window: the floor is the windows that 80 writes a window force the run to
 * wait through. The action plans its pace from that budget, so the run should end close to the floor
 * with no 403 from the sandbox.
 */
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { benchSandbox, ratio, seconds } from './common.js'

const PER_MINUTE = 80
const MINUTE_MS = 60_000
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export interface LimitsResult {
  assets: number
  windowMs: number
  writes: number
  floorMs: number
  runMs: number
  refused: number
  plan: string
  summary: string
}

export async function benchLimits(assets: number, windowMs: number): Promise<LimitsResult> {
  const sandbox = await benchSandbox({
    secondaryLimits: { perMinute: PER_MINUTE, perHour: 500, windowScale: windowMs / MINUTE_MS }
  })
  try {
    const gh = new GitHubHelper(sandbox)
    const release = await gh.createRelease('limits')
    for (let i = 0; i < assets; i++) {
      await sandbox.github.uploadAsset(
        gh.repository,
        release.id,
        `app-${String(i).padStart(3, '0')}.bin`,
        randomBytes(1024)
      )
    }
    sandbox.clearRequests()
    const started = performance.now()
    const marks: string[] = []
    const stamp = (text: string): void => {
      for (const line of text.split('\n'))
        if (
          /^(::group::|Plan:|Signed app-000|Uploaded app-000|Uploaded app-0(79|80)|Done)/.test(line)
        )
          marks.push(`${seconds(performance.now() - started)} s ${line.slice(0, 60)}`)
    }
    const result = await runAction(
      sandbox,
      { 'release-id': String(release.id), sidecars: 'bundle', provenance: 'false', checksums: '' },
      { SIGN_RELEASE_RATE_WINDOW_MS: String(windowMs) },
      { onOutput: (text) => stamp(text) }
    )
    if (result.code !== 0) throw new Error(`the action failed: ${errorsOf(result)}`)
    for (const line of result.stdout.split('\n'))
      if (/rate limit/i.test(line)) console.log(line.trim())
    if (process.env.BENCH_LOG) await writeFile(process.env.BENCH_LOG, result.stdout)
    const writes = sandbox
      .requests()
      .filter(
        (r) => (r.service === 'github' || r.service === 'uploads') && WRITES.has(r.method)
      ).length
    const floorMs = (Math.ceil(writes / PER_MINUTE) - 1) * windowMs
    const refusals = sandbox.github.rateLimitRefusals()
    const refused = refusals.primary + refusals.secondary
    const writeLog = sandbox
      .requests()
      .filter((r) => (r.service === 'github' || r.service === 'uploads') && WRITES.has(r.method))
    console.log(
      `refused: ${JSON.stringify(refusals)}; writes other than uploads: ${JSON.stringify(writeLog.filter((r) => r.service !== 'uploads'))}`
    )
    const plan =
      result.stdout.split('\n').find((line) => line.includes('Plan:')) ?? '(no plan line)'
    console.log(plan.trim())
    console.log(marks.join('\n'))
    console.log(
      `${assets} assets, ${writes} writes, window ${seconds(windowMs)} s: floor ${seconds(floorMs)} s, run ${seconds(result.wallMs)} s`
    )
    return {
      assets,
      windowMs,
      writes,
      floorMs,
      runMs: result.wallMs,
      refused,
      plan: plan.trim(),
      summary: `limits: ${assets} assets ${seconds(result.wallMs)}s = ${ratio(result.wallMs, floorMs)}x floor; 403s received ${refused}`
    }
  } finally {
    await sandbox.close()
  }
}
