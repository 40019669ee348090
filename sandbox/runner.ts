/**
 * The sandbox's stand-in for a GitHub runner: runs the action as a runner does, `node dist/index.js`
 * in a subprocess with INPUT_* variables, the sandbox's environment, and GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files. Tests, the demo and the benchmark share it.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Sandbox } from './types.js'

export const DIST = resolve('dist/index.js')

export interface ActionRun {
  code: number
  /** Wall time of the subprocess, in milliseconds. */
  wallMs: number
  /** Peak resident memory of the subprocess in bytes (sampled from /proc), when known. */
  peakRss?: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** Inputs that point the action at the sandbox's Sigstore instance and GitHub. */
export function sandboxInputs(sandbox: Sandbox): Record<string, string> {
  const { sigstore } = sandbox.state
  const v2 = sigstore.rekorVersion === 2
  return {
    'github-token': sandbox.state.github.token,
    sigstore: 'custom',
    'signing-config': v2 ? sigstore.signingConfigRekorV2Path : sigstore.signingConfigPath,
    ...(v2 ? { 'rekor-version': '2' } : {}),
    'trusted-root': sandbox.state.sigstore.trustedRootPath,
    provenance: 'false',
    checksums: ''
  }
}

export interface RunOptions {
  /** Called with the action's stdout as it arrives. */
  onOutput?: (text: string) => void
  /** Sample the subprocess's peak resident memory. */
  sampleMemory?: boolean
}

export async function runAction(
  sandbox: Sandbox,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  options: RunOptions = {}
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'action-run-'))
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary')
  await writeFile(outputPath, '')
  await writeFile(summaryPath, '')
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir
  }
  const coverage = process.env.SIGN_RELEASE_CHILD_COVERAGE
  if (coverage) childEnv.NODE_V8_COVERAGE = coverage
  Object.assign(childEnv, sandbox.env, {
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath
  })
  for (const [name, value] of Object.entries({ ...sandboxInputs(sandbox), ...inputs })) {
    childEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name]
    else childEnv[name] = value
  }
  const started = Date.now()
  const child = spawn(process.execPath, [DIST], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    options.onOutput?.(chunk.toString())
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let peakRss: number | undefined
  const sampler = options.sampleMemory
    ? setInterval(() => (peakRss = Math.max(peakRss ?? 0, highWaterMark(child.pid))), 50)
    : undefined
  const code = await new Promise<number>((resolveCode) =>
    child.on('close', (c) => resolveCode(c ?? -1))
  )
  if (sampler) clearInterval(sampler)
  const outputs = parseOutputs(await readFile(outputPath, 'utf8'))
  const summary = await readFile(summaryPath, 'utf8')
  await rm(dir, { recursive: true, force: true })
  return { code, wallMs: Date.now() - started, peakRss, stdout, stderr, outputs, summary }
}

/** VmHWM of a live process: its peak resident set so far (Linux). */
function highWaterMark(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

/** The failure message the action printed (`::error::` lines). */
export function errorsOf(run: ActionRun): string {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/^::error[^:]*::/, '').replace(/%0A/g, '\n'))
    .join('\n')
}

/** The error code of the action's failure (`[CODE]` at the start of its `::error::` line), if any. */
export function codeOf(run: ActionRun): string | undefined {
  return /^\[([A-Z_]+)\]/.exec(errorsOf(run))?.[1]
}
