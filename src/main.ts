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
import { signRelease, type RunnerEnv, type RunResult } from './pipeline.js'
import { renderSummary } from './report/summary.js'

export async function run(): Promise<void> {
  const started = Date.now()
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    core.setSecret(inputs.githubToken)
    const result = await signRelease(inputs, runnerEnv(), {
      log: coreLog,
      getIdToken: (audience) => core.getIDToken(audience)
    })
    writeOutputs(result)
    await core.summary
      .addRaw(
        renderSummary({
          repository: process.env.GITHUB_REPOSITORY ?? '',
          releaseTag: result.release.tagName,
          releaseUrl: result.release.htmlUrl,
          draft: result.release.draft && !result.published,
          dryRun: inputs.dryRun,
          assets: result.assets,
          skipped: result.skipped,
          commands: {
            san: result.identity?.san ?? '<signer identity>',
            issuer: result.identity?.issuer ?? 'https://token.actions.githubusercontent.com',
            custom: result.instance.name === 'custom'
          },
          rekorUrl: result.instance.rekorUrl
        })
      )
      .write()
    core.info(`Done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
  } catch (error) {
    fail(error)
  }
}

function writeOutputs(result: RunResult): void {
  core.setOutput('release-id', String(result.release.id))
  core.setOutput(
    'signed-assets',
    JSON.stringify(
      result.assets.map((a) => ({
        name: a.name,
        digest: `sha256:${a.sha256}`,
        sidecars: a.sidecars,
        logIndex: a.logIndex ?? null
      }))
    )
  )
  core.setOutput('bundle-paths', result.bundlePaths.join('\n'))
  core.setOutput('bundle-dir', result.bundlePaths.length > 0 ? result.bundleDir : '')
  core.setOutput('published', String(result.published))
}

function fail(error: unknown): void {
  if (error instanceof UserError) {
    core.setFailed(error.hint ? `${error.message}\nFix: ${error.hint}` : error.message)
  } else {
    core.setFailed(`sign-release failed unexpectedly: ${messageOf(error)}`)
  }
  const cause = error instanceof Error ? error.cause : undefined
  if (cause !== undefined) core.debug(`Cause: ${messageOf(cause)}`)
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
