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
import type { RunnerEnv } from './pipeline.js'
import { report } from './report/index.js'
import { requestIdToken } from './id-token.js'
import { neutralizeCommands, firstLine } from './util/format.js'
import { useEnvProxy } from './util/proxy.js'

export async function run(): Promise<void> {
  const started = Date.now()
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    core.setSecret(inputs.githubToken)
    const env = runnerEnv()
    logProxy(useEnvProxy())
    // Loaded only now: @actions/github (under the pipeline) parses the event payload when it is
    // imported, and would crash with a stack trace on a payload runnerEnv() refuses cleanly.
    const { afterPublishFailure, signRelease } = await import('./pipeline.js')
    const result = await signRelease(inputs, env, {
      log: coreLog,
      getIdToken: (audience) => idToken(audience)
    })
    const { outputs, summary } = report(result, inputs, env.repository, env.serverUrl)
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
    await core.summary.addRaw(summary).write()
    // The release is public already: what it reports is in the outputs and summary, then it fails.
    const failure = afterPublishFailure(result)
    if (failure) throw failure
    core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  } catch (error) {
    fail(error)
  }
}

/** Where the action's own requests go when the runner names a proxy. */
function logProxy(proxy: ReturnType<typeof useEnvProxy>): void {
  if (proxy.kind === 'none') return
  const named = neutralizeCommands(proxy.proxies.join(', '))
  if (proxy.kind === 'routed') core.info(`Proxy: ${named} (NO_PROXY honoured)`)
  else
    core.warning(
      `A proxy is set (${named}), but Node.js ${process.version} cannot send the action's own ` +
        'requests through it (Node 24.14 or later can): they go direct'
    )
}

/** One error line: `[CODE] message`, then the fix; causes and stack traces only in debug. */
function fail(error: unknown): void {
  if (error instanceof UserError) {
    core.setFailed(`[${error.code}] ${error.message}` + (error.hint ? `\nFix: ${error.hint}` : ''))
  } else {
    core.setFailed(`[UNEXPECTED] sign-release failed unexpectedly: ${firstLine(messageOf(error))}`)
  }
  const cause = error instanceof Error ? error.cause : undefined
  if (cause !== undefined) core.debug(`Cause: ${messageOf(cause)}`)
  if (error instanceof Error && error.stack) core.debug(error.stack)
}

/** The job's OIDC token (./id-token.ts), masked in the log like every secret. */
async function idToken(audience: string): Promise<string> {
  const token = await requestIdToken(audience)
  core.setSecret(token)
  return token
}

function runnerEnv(): RunnerEnv {
  const env = process.env
  const eventPath = env.GITHUB_EVENT_PATH
  let payload: Record<string, unknown> = {}
  if (eventPath) {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(eventPath, 'utf8'))
    } catch (error) {
      // The parser's message quotes the file's bytes: name the file, not its content.
      const why = error instanceof SyntaxError ? 'it is not JSON' : messageOf(error)
      throw new UserError(
        'RUNNER_ENV',
        `Cannot read the event payload at GITHUB_EVENT_PATH (${JSON.stringify(eventPath)}): ${why}`,
        'run the action on a GitHub runner, or point GITHUB_EVENT_PATH at the JSON event payload'
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UserError(
        'RUNNER_ENV',
        `The event payload at GITHUB_EVENT_PATH (${JSON.stringify(eventPath)}) is not a JSON object`,
        'run the action on a GitHub runner, or point GITHUB_EVENT_PATH at the JSON event payload'
      )
    }
    payload = parsed as Record<string, unknown>
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
    ),
    triggeringActor: env.GITHUB_TRIGGERING_ACTOR ?? '',
    // A mirror of GitHub's TUF repository (air-gapped runners, the sandbox), for GitHub's root.
    githubTuf: env.SIGN_RELEASE_GITHUB_TUF_MIRROR
      ? {
          mirror: env.SIGN_RELEASE_GITHUB_TUF_MIRROR,
          root: env.SIGN_RELEASE_GITHUB_TUF_ROOT || undefined
        }
      : undefined
  }
}

/** Plain log lines go out raw: any line that the runner would read as a command is defused. */
const coreLog: Log = {
  info: (message) => core.info(neutralizeCommands(message)),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn)
}
