/**
 * `npm run demo:approval`: approval before publication, as docs/examples/approval-two-jobs.yml
 * runs it, on the loopback sandbox. Job `sign` signs the draft; job `approve` waits in the
 * environment `release` until a required reviewer approves, then records the approval as a signed
 * statement and publishes. Each job runs `node dist/index.js` as a runner would, with the inputs the
 * example gives the reusable workflow; the demo ends with the verify command a downloader runs, and
 * its exit code.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { startSandbox, type Sandbox } from '../sandbox/index.js'
import { GitHubHelper } from '../sandbox/releases-client.js'
import { errorsOf, runAction } from '../sandbox/runner.js'
import { RunnerLog } from '../sandbox/runner-log.js'
import { cli } from './run-cli.js'

const EXAMPLE = 'docs/examples/approval-two-jobs.yml'
const REUSABLE = '.github/workflows/sign-release.yml'
const TAG = 'v1.0.0'
const REVIEWER = { login: 'alice', id: 1001 }

interface Workflow {
  on: { workflow_call?: { inputs: Record<string, { default?: string | boolean }> } }
  jobs: Record<string, { uses?: string; with?: Record<string, string | boolean> }>
}

/** The action inputs a job of the example gives the reusable workflow, over its defaults. */
function jobInputs(
  job: string,
  releaseId: number
): { inputs: Record<string, string>; environment?: string } {
  const example = parse(readFileSync(EXAMPLE, 'utf8')) as Workflow
  const reusable = parse(readFileSync(REUSABLE, 'utf8')) as Workflow
  const defaults = reusable.on.workflow_call?.inputs ?? {}
  const given = example.jobs[job]?.with ?? {}
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(defaults)) inputs[name] = String(spec.default ?? '')
  for (const [name, value] of Object.entries(given)) inputs[name] = String(value)
  // The build job's output; the example passes it as an expression.
  inputs['release-id'] = String(releaseId)
  // `environment` is the reusable workflow job's setting, not an input of the action.
  const environment = inputs.environment || undefined
  delete inputs.environment
  // The sandbox has no attestations API for callers to need here; the files are what we show.
  inputs.attestations = 'false'
  return { inputs, environment }
}

async function runJob(
  sandbox: Sandbox,
  job: string,
  releaseId: number
): Promise<Awaited<ReturnType<typeof runAction>>> {
  const { inputs, environment } = jobInputs(job, releaseId)
  await sandbox.setContext({ environment })
  console.log(
    `\nJob ${job}${environment ? ` (environment: ${environment})` : ''}: node dist/index.js with ` +
      Object.entries(inputs)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
  )
  const log = new RunnerLog((line) => console.log(`  | ${line}`), {
    expandGroups: process.env.DEMO_EXPAND === '1'
  })
  const run = await runAction(sandbox, inputs, {}, { onOutput: (text) => log.push(text) })
  log.end()
  if (run.code !== 0) throw new Error(`job ${job} failed:\n${errorsOf(run)}`)
  return run
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    context: {
      // Both jobs run the reusable workflow, so both sign as it: job 2 can reuse job 1's bundles.
      reusable: {
        repository: 'sign-release/sign-release',
        workflowFile: REUSABLE,
        ref: 'refs/tags/v1',
        sha: 'd'.repeat(40)
      }
    }
  })
  try {
    const gh = new GitHubHelper(sandbox)
    const repo = sandbox.state.context.repository
    sandbox.github.setEnvironment(repo, 'release', { reviewers: [REVIEWER] })
    sandbox.github.setTag(repo, TAG, {
      commit: sandbox.state.context.sha,
      verified: true,
      tagger: { name: 'Alice', email: 'alice@example.com' }
    })
    console.log(
      `Sandbox up. ${repo}: environment 'release' requires a review by ${REVIEWER.login}; tag ${TAG} is signed.`
    )
    const release = await gh.createRelease(TAG)
    await gh.upload(release, 'tool-linux-amd64.tar.gz', 'a release archive\n')
    await gh.upload(release, 'tool-darwin-arm64.tar.gz', 'another archive\n')
    console.log(`Job build: created draft ${TAG} (id ${release.id}) with 2 archives`)

    await runJob(sandbox, 'sign', release.id)
    console.log(
      `\nJob approve is waiting for a review of environment 'release'... ${REVIEWER.login} approves.`
    )
    sandbox.github.approveRun(repo, sandbox.state.context.runId, {
      environment: 'release',
      ...REVIEWER,
      comment: 'Release notes checked; ship it.'
    })
    const approve = await runJob(sandbox, 'approve', release.id)

    const landed = await gh.assets(release.id)
    const state = (await gh.release(release.id)).draft ? 'draft' : 'published'
    console.log(`\nOn the release now (${landed.length} files, ${state}):`)
    for (const a of landed) console.log(`  ${a.name}`)

    if (!approve.summary.includes('--require-authorization'))
      throw new Error('the job summary has no authorisation command')
    const c = sandbox.state.context
    const args = [
      'verify',
      '--repo',
      c.repository,
      '--tag',
      TAG,
      '--signer-workflow',
      `${c.reusable?.repository ?? ''}/${REUSABLE}`,
      '--ref',
      c.reusable?.ref ?? '',
      '--trusted-root',
      sandbox.state.sigstore.trustedRootPath,
      '--certificate-oidc-issuer',
      sandbox.state.oidc.issuer,
      '--require-authorization',
      '--environment',
      'release',
      '--approver',
      REVIEWER.login
    ]
    console.log(`\n$ npx sign-release ${args.join(' ')}`)
    const verified = await cli(args, {
      ...process.env,
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    })
    console.log(verified.stdout.trimEnd())
    console.log(`(exit ${verified.status})`)
    if (verified.status !== 0) process.exitCode = 1
  } finally {
    await sandbox.close()
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
