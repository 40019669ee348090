/**
 * Release authorisation end to end through `node dist/index.js`: a job in an environment with
 * required reviewers records the run's approvals and the tag's signature as a signed statement over
 * every asset; without an approval, reviewers or a verified tag (when required) it refuses before
 * anything is signed or written; and the two-job pattern (sign, then approve and publish) works on
 * one release.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { AuthorizationPredicate } from '../../src/plan/authorization.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { bundleFromJSON } from '@sigstore/bundle'
import type { Sandbox } from '../../sandbox/index.js'
import type { WorkflowContext } from '../../sandbox/oidc/context.js'
import { GitHubHelper, type ReleaseJson } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { fulcioCalls, startTestSandbox, writes } from '../helpers/sandbox.js'
import { sha256, verifyWithSigstoreJs } from '../helpers/verify.js'
import { runVerifyAction } from '../helpers/verify-action.js'

const AUTHORIZATION_TYPE = 'https://sign-release.dev/authorization/v1'
const COMMIT = 'b'.repeat(40)
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020
/** docs/authorization.schema.json, the predicate's published schema. */
const validatePredicate = addFormats(new Ajv2020({ allErrors: true })).compile(
  JSON.parse(readFileSync('docs/authorization.schema.json', 'utf8')) as object
)

let sandbox: Sandbox
let gh: GitHubHelper
let original: WorkflowContext
let repo: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  original = { ...sandbox.state.context }
  repo = original.repository
  sandbox.github.setEnvironment(repo, 'release', {
    reviewers: [
      { login: 'alice', id: 1001 },
      { login: 'bob', id: 1002 }
    ]
  })
  sandbox.github.setEnvironment(repo, 'open', {})
})
afterEach(async () => {
  await sandbox.setContext({ ...original, environment: undefined, triggeringActor: undefined })
})
afterAll(async () => {
  await sandbox.close()
})

let count = 0
/** A draft with two assets, its tag (signed and verified unless told), and a fresh run id. */
async function setUp(
  tag: Parameters<Sandbox['github']['setTag']>[2] | 'none' = { commit: COMMIT, verified: true }
): Promise<{ release: ReleaseJson; runId: number }> {
  count++
  const release = await gh.createRelease(`v7.${count}.0`)
  await gh.upload(release, 'app.tar.gz', `app ${count}`)
  await gh.upload(release, 'app.zip', `zip ${count}`)
  if (tag !== 'none') sandbox.github.setTag(repo, release.tag_name, tag)
  return { release, runId: 8_000_000 + count }
}

/** What the statement says; its JSON Schema (docs/) is checked too, independently of this type. */
type Predicate = AuthorizationPredicate

async function statementOn(
  releaseId: number,
  name = 'authorization.intoto.jsonl'
): Promise<{
  line: string
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: Predicate
}> {
  const asset = (await gh.assets(releaseId)).find((a) => a.name === name)
  if (!asset) throw new Error(`${name} is not on the release`)
  const line = (await gh.download(asset)).toString().trim()
  verifyWithSigstoreJs(sandbox, line, Buffer.alloc(0))
  const bundle = bundleFromJSON(JSON.parse(line))
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle')
  return { line, ...JSON.parse(bundle.content.dsseEnvelope.payload.toString()) }
}

describe('an approved run', () => {
  it('signs a statement of the approvals, the run and the tag over every asset', async () => {
    const { release, runId } = await setUp({
      commit: COMMIT,
      verified: true,
      tagger: { name: 'Alice', email: 'alice@example.com' }
    })
    sandbox.github.approveRun(repo, runId, {
      environment: 'release',
      login: 'alice',
      id: 1001,
      comment: 'ship it'
    })
    // A review for another environment of the same run is not this environment's approval.
    sandbox.github.approveRun(repo, runId, { environment: 'open', login: 'mallory', id: 666 })
    await sandbox.setContext({
      environment: 'release',
      runId,
      runAttempt: 2,
      actor: 'octocat',
      triggeringActor: 'hubot'
    })
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      authorization: 'environment',
      'require-signed-tag': 'true'
    })
    expect(errorsOf(run)).toBe('')

    const { subject, predicateType, predicate, line } = await statementOn(release.id)
    expect(predicateType).toBe(AUTHORIZATION_TYPE)
    expect(validatePredicate(predicate) ? [] : validatePredicate.errors).toEqual([])
    expect(subject).toEqual([
      { name: 'app.tar.gz', digest: { sha256: sha256(Buffer.from(`app ${count}`)) } },
      { name: 'app.zip', digest: { sha256: sha256(Buffer.from(`zip ${count}`)) } }
    ])
    expect(predicate.environment).toEqual({ name: 'release' })
    expect(predicate.reviewersRequired).toEqual([
      { type: 'User', name: 'alice', id: 1001 },
      { type: 'User', name: 'bob', id: 1002 }
    ])
    expect(predicate.approvals).toEqual([
      { login: 'alice', id: 1001, state: 'approved', comment: 'ship it' }
    ])
    expect(Date.parse(predicate.approvalsReadAt)).toBeGreaterThan(Date.now() - 120_000)
    expect(predicate.run).toEqual({
      id: String(runId),
      attempt: '2',
      actor: 'octocat',
      triggeringActor: 'hubot',
      workflowRef: `${repo}/${original.workflowFile}@${original.ref}`,
      jobWorkflowRef: `${repo}/${original.workflowFile}@${original.ref}`
    })
    expect(predicate.tag).toEqual({
      name: release.tag_name,
      commit: COMMIT,
      annotated: true,
      signatureVerified: true,
      verificationReason: 'valid',
      signer: { name: 'Alice', email: 'alice@example.com' }
    })
    // Stored in the attestations API like the provenance, under each subject's digest.
    const stored = sandbox.github.attestations(
      repo,
      `sha256:${sha256(Buffer.from(`app ${count}`))}`
    )
    expect(stored.map((b) => JSON.stringify(b))).toContain(JSON.stringify(JSON.parse(line)))
    // The summary wraps long commands before each flag.
    expect(run.summary.replace(/ &#92;\n\s+/g, ' ')).toContain(
      '--require-authorization --environment release --approver alice'
    )
  })

  it('takes the name from authorization-name', async () => {
    const { release, runId } = await setUp()
    sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'bob', id: 1002 })
    await sandbox.setContext({ environment: 'release', runId })
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      authorization: 'environment',
      'authorization-name': 'approved.intoto.jsonl'
    })
    expect(errorsOf(run)).toBe('')
    const { predicate } = await statementOn(release.id, 'approved.intoto.jsonl')
    expect(predicate.approvals.map((a) => a.login)).toEqual(['bob'])
  })
})

describe('refused before anything is signed or written', () => {
  it.each([
    ['a job in no environment', undefined, true],
    ['an environment without required reviewers', 'open', true],
    ['an environment nobody approved', 'release', false],
    ['an environment whose only review rejected the run', 'release', 'rejected' as const]
  ])('%s', async (_name, environment, approval) => {
    const { release, runId } = await setUp()
    if (approval === 'rejected')
      sandbox.github.approveRun(repo, runId, {
        environment: 'release',
        login: 'bob',
        id: 1002,
        state: 'rejected'
      })
    else if (approval && environment)
      sandbox.github.approveRun(repo, runId, { environment, login: 'alice', id: 1001 })
    await sandbox.setContext({ environment, runId })
    sandbox.clearRequests()
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      authorization: 'environment'
    })
    expect(codeOf(run)).toBe('AUTHORIZATION')
    expect(fulcioCalls(sandbox)).toBe(0)
    expect(writes(sandbox)).toBe(0)
  })

  it.each([
    ['a lightweight tag', { commit: COMMIT, annotated: false }, 'lightweight'],
    [
      'an annotated tag GitHub could not verify',
      { commit: COMMIT, reason: 'unknown_key' },
      'unknown_key'
    ],
    ['a tag that does not exist', 'none' as const, 'does not exist']
  ])('require-signed-tag with %s', async (_name, tag, said) => {
    const { release } = await setUp(tag)
    sandbox.clearRequests()
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      'require-signed-tag': 'true'
    })
    expect(codeOf(run)).toBe('AUTHORIZATION')
    expect(errorsOf(run)).toContain(said)
    expect(fulcioCalls(sandbox)).toBe(0)
    expect(writes(sandbox)).toBe(0)
  })
})

describe('the two-job pattern', () => {
  it('job 1 signs; job 2, approved in its environment, reuses the bundles, adds the statement and publishes', async () => {
    const { release, runId } = await setUp()
    const common = {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'SHA256SUMS'
    }
    await sandbox.setContext({ runId })
    const first = await runAction(sandbox, common)
    expect(errorsOf(first)).toBe('')
    const before = new Map((await gh.assets(release.id)).map((a) => [a.name, a.id]))
    expect(before.has('authorization.intoto.jsonl')).toBe(false)

    sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'alice', id: 1001 })
    await sandbox.setContext({ runId, environment: 'release' })
    sandbox.clearRequests()
    const second = await runAction(sandbox, {
      ...common,
      authorization: 'environment',
      publish: 'true'
    })
    expect(errorsOf(second)).toBe('')
    // One certificate, for the new statement only; every file of job 1 is kept as it was.
    expect(fulcioCalls(sandbox)).toBe(1)
    const after = await gh.assets(release.id)
    for (const [name, id] of before) expect(after.find((a) => a.name === name)?.id).toBe(id)
    const { subject, predicate } = await statementOn(release.id)
    expect(subject.map((s) => s.name)).toEqual(['app.tar.gz', 'app.zip'])
    expect(predicate.approvals.map((a) => a.login)).toEqual(['alice'])
    expect((await gh.release(release.id)).draft).toBe(false)
  })

  it('a re-run of job 2 in the same run keeps the statement; another run of the workflow replaces it', async () => {
    const { release, runId } = await setUp()
    const inputs = { 'release-id': String(release.id), authorization: 'environment' }
    sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'alice', id: 1001 })
    await sandbox.setContext({ runId, environment: 'release' })
    expect(errorsOf(await runAction(sandbox, inputs))).toBe('')
    const first = await statementOn(release.id)

    // Attempt 2 of the same run: a new approval joins the log, the recorded one is still there.
    sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'bob', id: 1002 })
    await sandbox.setContext({ runId, runAttempt: 2, environment: 'release' })
    sandbox.clearRequests()
    expect(errorsOf(await runAction(sandbox, inputs))).toBe('')
    expect(fulcioCalls(sandbox)).toBe(0)
    expect((await statementOn(release.id)).line).toBe(first.line)

    // Another run of the same workflow verifies as the same signer, but its approvals are not these.
    const otherRun = runId + 500
    sandbox.github.approveRun(repo, otherRun, { environment: 'release', login: 'bob', id: 1002 })
    await sandbox.setContext({ runId: otherRun, runAttempt: 1, environment: 'release' })
    expect(errorsOf(await runAction(sandbox, inputs))).toBe('')
    const replaced = await statementOn(release.id)
    expect(replaced.predicate.run.id).toBe(String(otherRun))
    expect(replaced.predicate.approvals.map((a) => a.login)).toEqual(['bob'])
  })
})

describe('sign-release verify --require-authorization', () => {
  const CLI = resolve('dist/cli/index.js')
  let dirs: string[] = []
  let approved: { release: ReleaseJson; dir: string }

  async function cli(...args: string[]): Promise<{ code: number; stdout: string }> {
    const common = [
      '--repo',
      repo,
      '--ref',
      original.ref,
      '--trusted-root',
      sandbox.state.sigstore.trustedRootPath,
      '--certificate-oidc-issuer',
      sandbox.state.oidc.issuer
    ]
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [CLI, 'verify', ...common, ...args],
        { env: { PATH: process.env.PATH ?? '' } }
      )
      return { code: 0, stdout }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout + e.stderr }
    }
  }

  /** Every file of the release, downloaded into a new directory. */
  async function download(releaseId: number): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'authorized-'))
    dirs.push(dir)
    for (const asset of await gh.assets(releaseId))
      await writeFile(join(dir, asset.name), await gh.download(asset))
    return dir
  }

  /** A release signed (approved by alice unless `approve` is false) in the given context. */
  async function signed(
    context: Partial<WorkflowContext>,
    approve = true
  ): Promise<{ release: ReleaseJson; dir: string }> {
    const { release, runId } = await setUp()
    if (approve)
      sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'alice', id: 1001 })
    await sandbox.setContext({ runId, ...(approve ? { environment: 'release' } : {}), ...context })
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      ...(approve ? { authorization: 'environment' } : {})
    })
    expect(errorsOf(run)).toBe('')
    await sandbox.setContext({ ...original, environment: undefined })
    return { release, dir: await download(release.id) }
  }

  beforeAll(async () => {
    approved = await signed({})
  })
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
    dirs = []
  })

  it('passes for an approved release, by the named approver, in the named environment', async () => {
    const tag = approved.release.tag_name
    const result = await cli(
      '--tag',
      tag,
      '--dir',
      approved.dir,
      '--require-authorization',
      '--environment',
      'release',
      '--approver',
      'nobody',
      '--approver',
      'Alice'
    )
    expect(result.stdout).toMatch(/app\.tar\.gz\s+ok\s+-\s+-\s+ok\s+verified/)
    expect(result.code).toBe(0)
  })

  it('fails for a release without the statement', async () => {
    const plain = await signed({}, false)
    const result = await cli('--tag', plain.release.tag_name, '--dir', plain.dir)
    expect(result.code).toBe(0)
    const required = await cli(
      '--tag',
      plain.release.tag_name,
      '--dir',
      plain.dir,
      '--require-authorization'
    )
    expect(required.stdout).toMatch(/app\.tar\.gz\s+ok\s+-\s+-\s+FAILED\s+NOT VERIFIED/)
    expect(required.stdout).toContain('no authorisation statement')
    expect(required.code).toBe(1)
  })

  it('fails with a statement over other digests', async () => {
    const other = await signed({})
    const dir = await mkdtemp(join(tmpdir(), 'mixed-'))
    dirs.push(dir)
    for (const name of [
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'app.zip',
      'app.zip.sigstore.json'
    ])
      await copyFile(join(approved.dir, name), join(dir, name))
    await copyFile(
      join(other.dir, 'authorization.intoto.jsonl'),
      join(dir, 'authorization.intoto.jsonl')
    )
    const result = await cli(
      '--tag',
      approved.release.tag_name,
      '--dir',
      dir,
      '--require-authorization'
    )
    expect(result.stdout).toContain('does not cover this file')
    expect(result.code).toBe(1)
  })

  it('fails with a statement signed by another workflow of the repository', async () => {
    // Same assets and bytes, so the statement covers them; its signer is another workflow.
    const { release, runId } = await setUp()
    const first = await gh.assets(approved.release.id)
    for (const asset of await gh.assets(release.id)) await gh.deleteAsset(asset.id)
    for (const name of ['app.tar.gz', 'app.zip']) {
      const asset = first.find((a) => a.name === name)
      if (!asset) throw new Error(`${name} missing`)
      await gh.upload(release, name, await gh.download(asset))
    }
    sandbox.github.approveRun(repo, runId, { environment: 'release', login: 'alice', id: 1001 })
    await sandbox.setContext({
      runId,
      environment: 'release',
      workflowFile: '.github/workflows/other.yml'
    })
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      authorization: 'environment'
    })
    expect(errorsOf(run)).toBe('')
    await sandbox.setContext({ ...original, environment: undefined })
    const foreign = await download(release.id)

    const dir = await mkdtemp(join(tmpdir(), 'foreign-'))
    dirs.push(dir)
    for (const name of [
      'app.tar.gz',
      'app.tar.gz.sigstore.json',
      'app.zip',
      'app.zip.sigstore.json'
    ])
      await copyFile(join(approved.dir, name), join(dir, name))
    await copyFile(
      join(foreign, 'authorization.intoto.jsonl'),
      join(dir, 'authorization.intoto.jsonl')
    )
    // Without --signer-workflow any workflow of the repository may sign; the files' signer decides.
    const result = await cli(
      '--tag',
      approved.release.tag_name,
      '--dir',
      dir,
      '--require-authorization'
    )
    expect(result.stdout).toContain('.github/workflows/other.yml')
    expect(result.stdout).toMatch(/app\.tar\.gz\s+ok\s+-\s+-\s+FAILED\s+NOT VERIFIED/)
    expect(result.code).toBe(1)
    // Pinned to the release workflow, the statement does not verify at all.
    const pinned = await cli(
      '--tag',
      approved.release.tag_name,
      '--dir',
      dir,
      '--require-authorization',
      '--signer-workflow',
      `${repo}/${original.workflowFile}`
    )
    expect(pinned.stdout).toContain('authorization.intoto.jsonl does not verify')
    expect(pinned.code).toBe(1)
  })

  it.each([
    ['without the given approver', ['--approver', 'bob'], 'none of bob'],
    ['for another environment', ['--environment', 'production'], 'not "production"']
  ])('fails %s', async (_name, extra, said) => {
    const result = await cli(
      '--tag',
      approved.release.tag_name,
      '--dir',
      approved.dir,
      '--require-authorization',
      ...extra
    )
    expect(result.stdout).toContain(said)
    expect(result.code).toBe(1)
  })

  it("checks the certificates' runner environment and build trigger", async () => {
    const args = ['--tag', approved.release.tag_name, '--dir', approved.dir]
    expect(
      (await cli(...args, '--runner-environment', 'github-hosted', '--trigger', 'push')).code
    ).toBe(0)
    const selfHosted = await cli(...args, '--runner-environment', 'self-hosted')
    expect(selfHosted.stdout).toMatch(/app\.tar\.gz\s+FAILED/)
    expect(selfHosted.code).toBe(1)
    const release = await cli(...args, '--trigger', 'release')
    expect(release.stdout).toMatch(/app\.tar\.gz\s+FAILED/)
    expect(release.code).toBe(1)
    expect((await cli(...args, '--runner-environment', 'cloud')).code).toBe(2)
    expect((await cli(...args, '--approver', 'alice')).code).toBe(2)
  })

  describe('through the verify sub-action', () => {
    /** The sub-action's inputs for the approved release, as a consumer's workflow gives them. */
    const inputs = (extra: Record<string, string>): Record<string, string> => ({
      repository: repo,
      tag: approved.release.tag_name,
      ref: original.ref,
      directory: approved.dir,
      'trusted-root': sandbox.state.sigstore.trustedRootPath,
      'certificate-oidc-issuer': sandbox.state.oidc.issuer,
      ...extra
    })

    it('requires the statement, the environment and one of the approvers given as a list', async () => {
      const result = await runVerifyAction(
        inputs({
          'require-authorization': 'true',
          approvers: 'nobody,\n  Alice',
          environment: 'release'
        })
      )
      expect(result.stdout).toContain('ok            app.tar.gz')
      expect(result.output).toMatch(/"authorization": \{\s*"status": "ok"/)
      expect(result.code).toBe(0)
    })

    it.each([
      ['without the given approver', { approvers: 'bob, carol' }],
      ['for another environment', { environment: 'production' }]
    ])('fails %s', async (_name, extra) => {
      const result = await runVerifyAction(inputs({ 'require-authorization': 'true', ...extra }))
      expect(result.stdout).toContain('NOT VERIFIED  app.tar.gz')
      expect(result.code).toBe(1)
    })

    it('fails for a release without the statement only when asked to require it', async () => {
      const plain = await signed({}, false)
      const without = { tag: plain.release.tag_name, directory: plain.dir }
      expect((await runVerifyAction(inputs(without))).code).toBe(0)
      const required = await runVerifyAction(
        inputs({ ...without, 'require-authorization': 'true' })
      )
      expect(required.stdout).toContain('NOT VERIFIED  app.tar.gz')
      expect(required.code).toBe(1)
    })

    it('refuses a require-authorization that is not true or false, and approvers without it', async () => {
      const yes = await runVerifyAction(inputs({ 'require-authorization': 'yes' }))
      expect(yes.stdout).toContain("Input 'require-authorization' must be true or false")
      expect(yes.code).toBe(2)
      const approversAlone = await runVerifyAction(inputs({ approvers: 'alice' }))
      expect(approversAlone.stdout).toContain('go with --require-authorization')
      expect(approversAlone.code).toBe(2)
    })
  })
})
