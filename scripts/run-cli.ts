/** Runs the bundled verify CLI (dist/cli/index.js) for the demos. */
import { execFile } from 'node:child_process'

/**
 * Runs the bundled CLI without blocking: the sandbox it talks to lives in this process, so a
 * synchronous spawn would leave it unable to answer.
 */
export function cli(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/cli/index.js', ...args], { env }, (error, stdout, stderr) => {
      if (stderr) process.stderr.write(stderr)
      const code = (error as { code?: unknown } | null)?.code
      resolve({ status: error ? (typeof code === 'number' ? code : null) : 0, stdout })
    })
  })
}
