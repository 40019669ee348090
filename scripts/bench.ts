/**
 * `npm run bench`: signs a 1 GiB and a 2 GiB asset already on a sandbox release, and reports, in the
 * same run, the action's wall time against `openssl dgst -sha256` over the same bytes, and the
 * action's peak resident memory. Ratios, not absolute times: the machine's speed cancels out.
 */
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../sandbox/index.js'
import { GitHubHelper } from '../sandbox/releases-client.js'
import { errorsOf, runAction } from '../sandbox/runner.js'
import { makeFile } from './make-file.js'

const GIB = 1024 * 1024 * 1024
const SIZES = (process.env.BENCH_SIZES_GIB ?? '1,2').split(',').map(Number)

function openssl(paths: string[]): number {
  const started = process.hrtime.bigint()
  for (const path of paths) execFileSync('openssl', ['dgst', '-sha256', path], { stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e6
}

async function main(): Promise<void> {
  const sandbox = await startSandbox()
  try {
    const gh = new GitHubHelper(sandbox)
    const release = await gh.createRelease('bench')
    const paths: string[] = []
    for (const size of SIZES) {
      const path = join(sandbox.dir, `asset-${size}GiB.bin`)
      await makeFile(path, size * GIB)
      await gh.uploadFile(release, `asset-${size}GiB.bin`, path)
      paths.push(path)
    }
    // Warm the page cache for both contenders, then measure each.
    openssl(paths)
    const baselineMs = openssl(paths)
    const run = await runAction(
      sandbox,
      { 'release-id': String(release.id), provenance: 'false', checksums: '' },
      {},
      { sampleMemory: true }
    )
    if (run.code !== 0) throw new Error(`the action failed: ${errorsOf(run)}`)
    for (const line of run.stdout.split('\n'))
      if (/sha256 [0-9a-f]{64}|Done in/.test(line)) console.log(line)
    const cpu = cpus()[0]?.model ?? 'unknown CPU'
    const lines = [
      `| assets | openssl dgst -sha256 | action (hash + sign + upload) | ratio | action peak RSS |`,
      `|---|---|---|---|---|`,
      `| ${SIZES.map((s) => `${s} GiB`).join(' + ')} | ${(baselineMs / 1000).toFixed(2)} s | ${(run.wallMs / 1000).toFixed(2)} s | ${(run.wallMs / baselineMs).toFixed(2)}x | ${((run.peakRss ?? 0) / 1024 / 1024).toFixed(0)} MiB |`,
      '',
      `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / GIB).toFixed(0)} GiB, Node ${process.version}.`
    ]
    console.log(lines.join('\n'))
  } finally {
    await sandbox.close()
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
