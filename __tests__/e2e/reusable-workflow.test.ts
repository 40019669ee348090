/**
 * The reusable workflow (.github/workflows/sign-release.yml), simulated against the sandbox with a
 * reusable-workflow context: its first step finds the workflow's own repository and commit from
 * the OIDC token, and the action it then runs signs with certificates and provenance that name
 * the reusable workflow, not the caller.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { parse } from 'yaml'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { REUSABLE_WORKFLOW, startTestSandbox } from '../helpers/sandbox.js'
import { expectedSan, verifyWithSigstoreJs } from '../helpers/verify.js'

const run = promisify(execFile)

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  on: { workflow_call: { inputs: Record<string, { default?: string | boolean }> } }
  permissions: Record<string, string>
  jobs: { sign: { permissions: Record<string, string>; environment?: string; steps: Step[] } }
}

const workflow = parse(readFileSync('.github/workflows/sign-release.yml', 'utf8')) as Workflow
const steps = workflow.jobs.sign.steps

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startTestSandbox()
  await sandbox.setContext({ reusable: REUSABLE_WORKFLOW })
})
afterAll(async () => {
  await sandbox.close()
})

describe('the reusable workflow', () => {
  it('grants the job only what signing needs, and nothing at the top', () => {
    expect(workflow.permissions).toEqual({})
    expect(workflow.jobs.sign.permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      attestations: 'write'
    })
    for (const step of steps) if (step.run) expect(step.run).not.toContain('${{')
  })

  it('runs its job in the environment the caller names, none by default', () => {
    expect(workflow.jobs.sign.environment).toBe('${{ inputs.environment }}')
    expect(workflow.on.workflow_call.inputs.environment?.default).toBe('')
  })

  it("finds its own repository and commit from the job's OIDC token", async () => {
    const self = steps.find((s) => s.id === 'self')
    const dir = await mkdtemp(join(tmpdir(), 'reusable-'))
    const output = join(dir, 'output')
    await writeFile(output, '')
    await run('bash', ['-e', '-o', 'pipefail', '-c', self?.run ?? ''], {
      env: { PATH: process.env.PATH ?? '', ...sandbox.env, GITHUB_OUTPUT: output }
    })
    const lines = Object.fromEntries(
      (await readFile(output, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => l.split('=') as [string, string])
    )
    expect(lines).toEqual({ repository: REUSABLE_WORKFLOW.repository, sha: REUSABLE_WORKFLOW.sha })
    await rm(dir, { recursive: true, force: true })
  })

  it('signs with certificates and provenance that name the reusable workflow, the caller as external workflow', async () => {
    const gh = new GitHubHelper(sandbox)
    const release = await gh.createRelease('v5.0.0')
    await gh.upload(release, 'tool.tar.gz', 'built by the caller')
    // The action step's `with:`, with the workflow_call inputs the caller gives (defaults otherwise).
    const callerInputs: Record<string, string> = { 'release-id': String(release.id) }
    const defaults = workflow.on.workflow_call.inputs
    const sign = steps.find((s) => s.id === 'sign')
    expect(sign?.uses).toBe('./.sign-release')
    const inputs: Record<string, string> = {}
    for (const [name, expression] of Object.entries(sign?.with ?? {})) {
      const input = /\$\{\{ inputs\.([a-z-]+) \}\}/.exec(expression)?.[1] ?? ''
      inputs[name] = callerInputs[input] ?? String(defaults[input]?.default ?? '')
    }
    const action = await runAction(sandbox, { ...inputs, attestations: 'false' })
    expect(errorsOf(action)).toBe('')

    const san = `https://github.com/${REUSABLE_WORKFLOW.repository}/${REUSABLE_WORKFLOW.workflowFile}@${REUSABLE_WORKFLOW.ref}`
    expect(expectedSan(sandbox)).toBe(san)
    const assets = await gh.assets(release.id)
    const file = async (name: string): Promise<Buffer> =>
      gh.download(
        assets.find((a) => a.name === name) ??
          assets[0] ??
          (() => {
            throw new Error(`${name} missing`)
          })()
      )
    verifyWithSigstoreJs(
      sandbox,
      (await file('tool.tar.gz.sigstore.json')).toString(),
      Buffer.from('built by the caller'),
      san
    )
    const line = (await file('multiple.intoto.jsonl')).toString().trim()
    const bundle = bundleFromJSON(JSON.parse(line))
    if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not DSSE')
    const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString()) as {
      predicate: {
        runDetails: { builder: { id: string } }
        buildDefinition: { externalParameters: { workflow: { path: string } } }
      }
    }
    expect(statement.predicate.runDetails.builder.id).toBe(san)
    expect(statement.predicate.buildDefinition.externalParameters.workflow.path).toBe(
      sandbox.state.context.workflowFile
    )
  })
})
