/**
 * The verify sub-action (verify/action.yml) as the runner runs it: its script under bash, each env
 * entry `${{ inputs.NAME }}` given the input's value (or its default), GITHUB_OUTPUT a file.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'

export interface VerifyActionStep {
  id?: string
  uses?: string
  env?: Record<string, string>
  run?: string
}

export interface VerifyActionYml {
  inputs: Record<string, { description: string; default?: string }>
  runs: { using: string; steps: VerifyActionStep[] }
}

export function verifyActionYml(): { action: VerifyActionYml; step: VerifyActionStep } {
  const action = parse(readFileSync('verify/action.yml', 'utf8')) as VerifyActionYml
  const step = action.runs.steps.find((s) => s.id === 'verify')
  if (!step) throw new Error('verify/action.yml has no step with id verify')
  return { action, step }
}

/** Runs the step with these input values; `output` is what it wrote to GITHUB_OUTPUT. */
export async function runVerifyAction(
  values: Record<string, string>
): Promise<{ code: number; stdout: string; output: string }> {
  const { action, step } = verifyActionYml()
  const out = join(await mkdtemp(join(tmpdir(), 'verify-action-')), 'output')
  await writeFile(out, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTION_PATH: resolve('verify'),
    GITHUB_OUTPUT: out
  }
  for (const [name, expression] of Object.entries(step.env ?? {})) {
    const input = /inputs\.([a-z-]+)/.exec(expression)?.[1] ?? ''
    env[name] = values[input] ?? action.inputs[input]?.default ?? ''
  }
  if (process.env.SIGN_RELEASE_CHILD_COVERAGE)
    env.NODE_V8_COVERAGE = process.env.SIGN_RELEASE_CHILD_COVERAGE
  // As the runner runs a composite step's `shell: bash`.
  const args = ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? '']
  try {
    const { stdout } = await promisify(execFile)('bash', args, { env })
    return { code: 0, stdout, output: readFileSync(out, 'utf8') }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout + e.stderr, output: readFileSync(out, 'utf8') }
  }
}
