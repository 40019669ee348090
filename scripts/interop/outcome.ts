/**
 * Running cases: each command as a user types it, and whether the tool accepted or refused it for
 * the reason the case is about. Shared by the sandbox suite (run.ts) and the real servers' tier.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { Case } from './case.js'

const exec = promisify(execFile)

/** No verification takes a minute; a tool that hangs fails its case instead of the suite. */
const TIMEOUT_MS = 120_000

export async function outcome(
  test: Case,
  cwd: string
): Promise<{ accepted: boolean; output: string }> {
  const [file, ...args] = test.command
  try {
    const { stdout, stderr } = await exec(file ?? '', args, {
      cwd: test.cwd ?? cwd,
      env: { ...process.env, ...test.env },
      timeout: TIMEOUT_MS
    })
    return { accepted: true, output: (stdout + stderr).trim() }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string; killed?: boolean }
    if (e.killed) return { accepted: false, output: `timed out after ${TIMEOUT_MS / 1000} s` }
    return { accepted: false, output: ((e.stdout ?? '') + (e.stderr ?? '') || e.message).trim() }
  }
}

// cosign v3 answers a --bundle that does not exist with its --trusted-root usage error.
const UNRELATED =
  /giving up after|connection refused|sandbox error|no such file|not found in \$PATH|executable file|timed out after|only supported with --new-bundle-format/i

/** The line of a tool's output that says why it refused. */
export function reason(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  // Our CLI lists what failed under "Problems:", below a header that names the expectation.
  const problems = lines.indexOf('Problems:')
  return (
    (problems >= 0 ? lines[problems + 1] : undefined) ??
    lines.find((l) => /mismatch|invalid|not match|does not|expected|failed|FAILED/i.test(l)) ??
    lines.at(-1) ??
    ''
  ).slice(0, 200)
}

/** Runs the cases in order (in `cwd` unless a case names its own), printing PASS or FAIL for each. */
export async function runCases(
  cases: Case[],
  cwd: string
): Promise<{ passed: number; failed: number }> {
  let passed = 0
  let failed = 0
  for (const test of cases) {
    const result = await outcome(test, cwd)
    // Each reject case changes one thing from an accepted command; a refusal for want of a
    // server or a file would prove nothing.
    const unrelated = !result.accepted && UNRELATED.test(result.output)
    const ok = result.accepted === (test.expect === 'accept') && !unrelated
    if (ok) passed++
    else failed++
    const got = result.accepted ? 'accepted' : 'rejected'
    const why = result.accepted
      ? ''
      : ` (${unrelated ? 'for an unrelated reason: ' : ''}${reason(result.output)})`
    console.log(
      `${ok ? 'PASS' : 'FAIL'} ${test.tool}: ${test.name}: expected ${test.expect}, ${got}${why}`
    )
    if (!ok && process.env.INTEROP_VERBOSE) console.log(result.output)
  }
  return { passed, failed }
}
