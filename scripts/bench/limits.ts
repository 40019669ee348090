/**
 * `npm run bench -- limits`: 200 assets on a draft with GitHub's secondary limit on content-creating
 * requests (80 a minute, 500 an hour) scaled down so that a "minute" lasts a few seconds, and the
 * action told the same (SIGN_RELEASE_RATE_WINDOW_MS). The writes cannot all fit in one window: the
 * floor is the windows that 80 writes a window make the run wait through. The action plans its pace
 * from that budget, so the run should end close to the floor with no 403 from the sandbox.
 */
import { randomBytes } from 'node:crypto'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import type { RequestRecord } from '../../sandbox/types.js'
import { benchSandbox, ratio, seconds } from './common.js'

const PER_MINUTE = 80
const MINUTE_MS = 60_000
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
/** Lines of the action's log worth a timestamp: where the run spends its time. */
const MILESTONES = /^(::group::|Plan:|Uploaded \d+ files)/

export interface LimitsResult {
  assets: number
  windowMs: number
  writes: number
  floorMs: number
  runMs: number
  refused: number
  plan: string
  /** Seconds into the run at which milestones of the log appeared. */
  timeline: string[]
  /** Every run's wall time (the median one is reported; 403s are counted over all of them). */
  runsMs?: number[]
  summary: string
}

/**
 * Runs, each in a fresh sandbox: the median counts. On this VM one run's first window can be a
 * tenth of a second slower or faster than the next's, which every later window then repeats.
 */
export const LIMITS_RUNS = 3

export async function benchLimits(assets: number, windowMs: number): Promise<LimitsResult> {
  const runs: Omit<LimitsResult, 'summary' | 'runsMs'>[] = []
  for (let run = 0; run < LIMITS_RUNS; run++) {
    console.log(`limits run ${run + 1} of ${LIMITS_RUNS}:`)
    runs.push(await oneRun(assets, windowMs))
  }
  const median = [...runs].sort((a, b) => a.runMs - b.runMs)[Math.floor(runs.length / 2)] as Omit<
    LimitsResult,
    'summary' | 'runsMs'
  >
  const refused = runs.reduce((sum, r) => sum + r.refused, 0)
  const runsMs = runs.map((r) => r.runMs)
  console.log(
    `limits runs: ${runsMs.map((ms) => `${seconds(ms)} s`).join(', ')}; the median counts`
  )
  return {
    ...median,
    refused,
    runsMs,
    summary: `limits: ${assets} assets ${seconds(median.runMs)}s = ${ratio(median.runMs, median.floorMs)}x floor; 403s received ${refused}`
  }
}

/** One run in a fresh sandbox; `benchLimits` writes the summary from the median run. */
async function oneRun(
  assets: number,
  windowMs: number
): Promise<Omit<LimitsResult, 'summary' | 'runsMs'>> {
  const sandbox = await benchSandbox({
    secondaryLimits: { perMinute: PER_MINUTE, perHour: 500, windowScale: windowMs / MINUTE_MS }
  })
  try {
    const gh = new GitHubHelper(sandbox)
    const release = await gh.createRelease('limits')
    for (let i = 0; i < assets; i++) {
      const name = `app-${String(i).padStart(3, '0')}.bin`
      await sandbox.github.uploadAsset(gh.repository, release.id, name, randomBytes(1024))
    }
    sandbox.clearRequests()
    const started = performance.now()
    const marks: string[] = []
    const onOutput = (text: string): void => {
      for (const line of text.split('\n'))
        if (MILESTONES.test(line))
          marks.push(`  ${seconds(performance.now() - started).padStart(6)} s ${line.slice(0, 90)}`)
    }
    const result = await runAction(
      sandbox,
      { 'release-id': String(release.id), sidecars: 'bundle', provenance: 'false', checksums: '' },
      { SIGN_RELEASE_RATE_WINDOW_MS: String(windowMs) },
      { onOutput }
    )
    if (result.code !== 0) throw new Error(`the action failed: ${errorsOf(result)}`)
    const refusals = sandbox.github.rateLimitRefusals()
    const refused = refusals.primary + refusals.secondary
    // The request log also holds the refused ones.
    const writes =
      sandbox
        .requests()
        .filter((r) => (r.service === 'github' || r.service === 'uploads') && WRITES.has(r.method))
        .length - refusals.secondary
    const floorMs = (Math.ceil(writes / PER_MINUTE) - 1) * windowMs
    marks.push(...writeTimeline(sandbox.requests(), started, windowMs))
    marks.sort((a, b) => parseFloat(a) - parseFloat(b))
    const plan = (result.stdout.split('\n').find((line) => line.startsWith('Plan:')) ?? '').trim()
    console.log(marks.join('\n'))
    for (const line of result.stdout.split('\n'))
      if (/rate limit/i.test(line)) console.log(`  ${line.trim()}`)
    console.log(
      `${assets} assets, ${writes} writes, window ${seconds(windowMs)} s: floor ${seconds(floorMs)} s, ` +
        `run ${seconds(result.wallMs)} s; 403s: ${refusals.primary} primary, ${refusals.secondary} secondary`
    )
    return {
      assets,
      windowMs,
      writes,
      floorMs,
      runMs: result.wallMs,
      refused,
      plan,
      timeline: marks.map((m) => m.trim())
    }
  } finally {
    await sandbox.close()
  }
}

/**
 * When the writes went, from the sandbox's request log: the first, the first of each window the
 * pacer waited for (a pause of over half a window), and the last.
 */
function writeTimeline(requests: RequestRecord[], started: number, windowMs: number): string[] {
  const writes = requests.filter(
    (r) => (r.service === 'github' || r.service === 'uploads') && WRITES.has(r.method)
  )
  const mark = (i: number, what: string): string =>
    `  ${seconds((writes[i]?.at ?? started) - started).padStart(6)} s write ${i + 1}: ${what}`
  if (writes.length === 0) return []
  const lines = [mark(0, 'the first')]
  for (let i = 1; i < writes.length; i++)
    if ((writes[i]?.at ?? 0) - (writes[i - 1]?.at ?? 0) > windowMs / 2)
      lines.push(mark(i, 'the first after waiting for the window'))
  lines.push(mark(writes.length - 1, 'the last'))
  return lines
}
