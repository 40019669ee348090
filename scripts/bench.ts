/**
 * `npm run bench -- [large|peers|limits]...` (all three when none is named): each benchmark prints
 * its figures, each a ratio to a baseline measured in the same run, and ends with one summary line
 * for scripts. The results are kept in docs/benchmarks/results.json and docs/benchmarks.md (with
 * its chart) is written again from them. BENCH_SIZES_GIB (default 1,2), BENCH_PEERS_N (default
 * 1,10,30,100), BENCH_LIMITS_ASSETS (200) and BENCH_LIMITS_WINDOW_MS (10000) change the runs.
 */
import { benchLarge } from './bench/large.js'
import { benchLimits } from './bench/limits.js'
import { benchPeers } from './bench/peers.js'
import { machine } from './bench/common.js'
import { writeReport, type Results } from './bench/report.js'

const BENCHES = ['large', 'peers', 'limits'] as const
type Bench = (typeof BENCHES)[number]

const list = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback).split(',').map(Number)

async function main(): Promise<void> {
  const asked = process.argv.slice(2)
  for (const name of asked)
    if (!BENCHES.includes(name as Bench))
      throw new Error(`unknown benchmark '${name}': one of ${BENCHES.join(', ')}`)
  const chosen = asked.length > 0 ? (asked as Bench[]) : [...BENCHES]
  const results: Results = { machine: await machine() }
  console.log(`Machine: ${results.machine.cpus}, load ${results.machine.load}`)
  for (const bench of chosen) {
    let summary: string
    if (bench === 'large') {
      results.large = await benchLarge(list('BENCH_SIZES_GIB', '1,2'))
      summary = results.large.summary
    } else if (bench === 'peers') {
      results.peers = await benchPeers(list('BENCH_PEERS_N', '1,10,30,100'))
      summary = results.peers.summary
    } else {
      const [assets = 200] = list('BENCH_LIMITS_ASSETS', '200')
      const [windowMs = 10000] = list('BENCH_LIMITS_WINDOW_MS', '10000')
      results.limits = await benchLimits(assets, windowMs)
      summary = results.limits.summary
    }
    await writeReport(results)
    console.log(summary)
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
