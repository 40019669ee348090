/**
 * run(): the action's entry point and the only code that talks to @actions/core. It reads the
 * inputs and the runner's environment, runs the pipeline, and writes outputs and the job summary.
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { UserError, messageOf } from './errors.js'
import { parseInputs } from './inputs.js'
import type { Log } from './log.js'
import { signRelease, type RunnerEnv } from './pipeline.js'
import { report } from './report/index.js'

export async function run(): Promise<void> {
  const started = Date.now()
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    core.setSecret(inputs.githubToken)
    const env = runnerEnv()
    const result = await signRelease(inputs, env, {
      log: coreLog,
      getIdToken: (audience) => core.getIDToken(audience)
    })
    const { outputs, summary } = report(result, inputs, env.repository)
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    await core.summary.addRaw(summary).write()
    core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  } catch (error) {
    fail(error)
  }
}

function fail(error: unknown): void {
  if (error instanceof UserError) {
    core.setFailed(error.hint ? `${error.message}\nFix: ${error.hint}` : error.message)
  } else {
    core.setFailed(`sign-release failed unexpectedly: ${messageOf(error)}`)
  }
  const cause = error instanceof Error ? error.cause : undefined
  if (cause !== undefined) core.info(`Cause: ${messageOf(cause)}`)
  if (error instanceof Error && error.stack) core.debug(error.stack)
}

function runnerEnv(): RunnerEnv {
  const env = process.env
  const eventPath = env.GITHUB_EVENT_PATH
  let payload: Record<string, unknown> = {}
  if (eventPath) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>
    } catch (error) {
      throw new UserError(`Cannot read the event payload at ${eventPath}: ${messageOf(error)}`)
    }
  }
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    payload,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? tmpdir(),
    canRequestIdToken: Boolean(
      env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    )
  }
}

const coreLog: Log = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn)
}
