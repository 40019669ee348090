/**
 * Runs the action as a GitHub runner does: `node dist/index.js` in a subprocess, with INPUT_*
 * variables, the sandbox's runner environment, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Sandbox } from '../../sandbox/index.js'

export const DIST = resolve('dist/index.js')

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** Inputs that point the action at the sandbox's Sigstore instance and GitHub. */
export function sandboxInputs(sandbox: Sandbox): Record<string, string> {
  return {
    'github-token': sandbox.state.github.token,
    sigstore: 'custom',
    'signing-config': sandbox.state.sigstore.signingConfigPath,
    'trusted-root': sandbox.state.sigstore.trustedRootPath,
    provenance: 'false',
    checksums: ''
  }
}

export async function runAction(
  sandbox: Sandbox,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {}
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
  const child = spawn(process.execPath, [DIST], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number>((resolveCode) =>
    child.on('close', (c) => resolveCode(c ?? -1))
  )
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8')
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
