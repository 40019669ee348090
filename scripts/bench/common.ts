/** What the benchmarks share: child processes that never block the in-process sandbox, timing, and the machine. */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'

export const GIB = 1024 ** 3
export const MIB = 1024 ** 2
const TOOLS = join(process.env.HOME ?? '', '.cache', 'sign-release-tools')
export const COSIGN = process.env.BENCH_COSIGN ?? join(TOOLS, 'bin', 'cosign')
export const SIGSTORE_PYTHON =
  process.env.BENCH_SIGSTORE_PYTHON ?? join(TOOLS, 'sigstore-python', 'bin', 'python')

const execFileAsync = promisify(execFile)

/**
 * Runs a command to completion without blocking the event loop (the sandbox answers from this
 * very process, so a synchronous child would wait on itself). Throws with its stderr on failure.
 */
export async function run(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      env: env ? { ...process.env, ...env } : process.env,
      maxBuffer: 64 * MIB
    })
    return stdout
  } catch (error) {
    const e = error as { stderr?: string; message: string }
    throw new Error(`${command} ${args[0] ?? ''}: ${(e.stderr ?? '').trim() || e.message}`)
  }
}

/** A shell pipeline's wall time in milliseconds (`curl … | openssl dgst`), failing if any stage fails. */
export function shell(script: string): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${script.split(' ')[0]}: exit ${code}: ${stderr.trim()}`))
    )
  })
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** The median of `runs` measurements taken one after another (the middle one of an odd count). */
export async function medianOf<T extends number | { ms: number }>(
  runs: number,
  measure: (run: number) => Promise<T>
): Promise<T> {
  const results: T[] = []
  for (let run = 0; run < runs; run++) results.push(await measure(run))
  const ms = (r: T): number => (typeof r === 'number' ? r : r.ms)
  results.sort((a, b) => ms(a) - ms(b))
  return results[Math.floor(results.length / 2)] as T
}

/** Quotes one word for bash. */
export function q(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * A sandbox whose files live on tmpfs when the machine has one: the benchmark measures HTTP and
 * the action, not the VM's disk (writing 1 GiB to this VM's ext4 alone takes 1.4–2.3 s).
 */
export async function benchSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const base = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())
  const dir = await mkdtemp(join(base, 'sign-release-bench-'))
  // Large uploads write over deleted large assets' files: new memory is slow on VMs (see there).
  const sandbox = await startSandbox({ ...options, dir, spareFiles: true })
  const close = sandbox.close.bind(sandbox)
  sandbox.close = async () => {
    await close()
    await run('rm', ['-rf', dir])
  }
  return sandbox
}

/** Requests each Sigstore service received since the log was last cleared. */
export function sigstoreRequests(sandbox: Sandbox): { fulcio: number; rekor: number; tsa: number } {
  const count = (service: string): number =>
    sandbox.requests().filter((r) => r.service === service && r.method === 'POST').length
  return { fulcio: count('fulcio'), rekor: count('rekor') + count('rekor-v2'), tsa: count('tsa') }
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2)
}

export function ratio(a: number, b: number): string {
  return (a / b).toFixed(2)
}

export interface Machine {
  date: string
  cpus: string
  memory: string
  node: string
  openssl: string
  curl: string
  cosign: string
  sigstorePython: string
  load: string
}

export async function machine(): Promise<Machine> {
  const version = async (command: string, args: string[], pattern: RegExp): Promise<string> => {
    try {
      return pattern.exec(await run(command, args))?.[1] ?? 'unknown'
    } catch {
      return 'not installed'
    }
  }
  let kernel = ''
  try {
    kernel = (await readFile('/proc/sys/kernel/osrelease', 'utf8')).trim()
  } catch {
    kernel = process.platform
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Linux ${kernel}`,
    memory: `${(totalmem() / GIB).toFixed(0)} GiB`,
    node: process.version,
    openssl: await version('openssl', ['version'], /OpenSSL (\S+)/),
    curl: await version('curl', ['--version'], /curl (\S+)/),
    cosign: await version(COSIGN, ['version'], /GitVersion:\s+(\S+)/),
    sigstorePython: await version(
      SIGSTORE_PYTHON,
      ['-m', 'sigstore', '--version'],
      /(\d+\.\d+\.\d+\S*)/
    ),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  }
}

/**
 * With BENCH_TRACE set, the action's log lines as they arrive, each with the seconds since `started`:
 * where a run spends its time.
 */
export function trace(started = performance.now()): ((text: string) => void) | undefined {
  if (!process.env.BENCH_TRACE) return undefined
  return (text) => {
    for (const line of text.split('\n'))
      if (line.trim() !== '' && !line.startsWith('::add-mask::'))
        console.log(`  ${seconds(performance.now() - started).padStart(7)} ${line.slice(0, 110)}`)
  }
}

/** The inputs every benchmarked run shares: bundles only, no provenance or checksums file. */
export const BENCH_INPUTS = { provenance: 'false', checksums: '', sidecars: 'bundle' }

/**
 * One small signing first, measured by nobody: the stand-in services compile their handlers and
 * Fulcio fetches the issuer's keys once, as the real services have long done. Every measured run of
 * the action is still a cold process, as on a runner, and no contender pays for a cold sandbox.
 */
export async function warmUp(sandbox: Sandbox, env: Record<string, string> = {}): Promise<void> {
  const gh = new GitHubHelper(sandbox)
  const release = await gh.createRelease('bench-warm-up')
  await gh.upload(release, 'warm-up.bin', 'warm up')
  const result = await runAction(
    sandbox,
    { ...BENCH_INPUTS, 'release-id': String(release.id) },
    env
  )
  if (result.code !== 0) throw new Error(`the warm-up run failed: ${errorsOf(result)}`)
}
