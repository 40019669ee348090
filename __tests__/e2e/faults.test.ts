/**
 * Every remote call the action makes, under every kind of fault, through `node dist/index.js`
 * against the sandbox. Each row injects one fault into one call and expects the run either to
 * complete (and the release then verifies) or to fail with one `[CODE]` error line that names the
 * service; either way a re-run without faults completes, and no user asset changed.
 *
 * The table is data: CALLS × FAULTS, plus a few refusals. Add a call or a fault and every
 * combination runs; docs/reliability.md is generated from the same rows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { runAction, type ActionRun } from '../../sandbox/runner.js'
import { GitHubHelper, type AssetJson } from '../../sandbox/releases-client.js'
import { faultRows, REFUSALS, TIMEOUT_MS } from '../tables/faults.js'
import { startTestSandbox } from '../helpers/sandbox.js'
import { expectedSan, verifySigPem, verifyWithSigstoreJs } from '../helpers/verify.js'

const ROWS = faultRows()

let sandbox: Sandbox
let gh: GitHubHelper
/** Sidecars of ours for an older app.bin: stale, so every row's run replaces them. */
const staleSidecars = new Map<string, Buffer>()

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  const old = await gh.createRelease('v8.0.0')
  await gh.upload(old, 'app.bin', 'an older app')
  const signed = await runAction(sandbox, { 'release-id': String(old.id) }, FAST)
  expect(signed.code).toBe(0)
  for (const asset of await gh.assets(old.id))
    if (asset.name !== 'app.bin') staleSidecars.set(asset.name, await gh.download(asset))
})
afterAll(async () => {
  await sandbox.close()
})

/** Short backoff and timeouts: the retry logic is the action's own, only the clock is faster. */
const FAST = {
  SIGN_RELEASE_RETRY_BASE_MS: '10',
  SIGN_RELEASE_HTTP_TIMEOUT_MS: String(TIMEOUT_MS)
}

/** The user's files: one to sign, one not to; beside them stale sidecars of ours to replace. */
const USER_FILES = { 'app.bin': 'the app', 'notes.txt': 'not signed' }

let tagCount = 0
async function setUp(): Promise<{ releaseId: number; before: AssetJson[] }> {
  const release = await gh.createRelease(`v9.${++tagCount}.0`)
  const before: AssetJson[] = []
  for (const [name, content] of Object.entries(USER_FILES))
    before.push(await gh.upload(release, name, content))
  for (const [name, content] of staleSidecars) await gh.upload(release, name, content)
  return { releaseId: release.id, before }
}

function run(releaseId: number, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(sandbox, { 'release-id': String(releaseId), assets: 'app.bin', ...inputs }, FAST)
}

function errorLines(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/^::error[^:]*::/, '').replace(/%0A/g, '\n'))
}

/** The release as a downloader sees it: the asset's sidecars verify; the user's files unchanged. */
async function expectSigned(
  releaseId: number,
  before: AssetJson[],
  inputs: Record<string, string> = {}
): Promise<void> {
  const all = await gh.assets(releaseId)
  const byName = new Map(all.map((a) => [a.name, a]))
  for (const original of before) {
    const now = byName.get(original.name)
    expect(now && { id: now.id, digest: now.digest, size: now.size }).toEqual({
      id: original.id,
      digest: original.digest,
      size: original.size
    })
  }
  const file = async (name: string): Promise<Buffer> => {
    const asset = byName.get(name)
    expect(asset?.state).toBe('uploaded')
    return gh.download(asset as AssetJson)
  }
  const data = await file('app.bin')
  verifyWithSigstoreJs(sandbox, (await file('app.bin.sigstore.json')).toString(), data)
  expect(verifySigPem(await file('app.bin.sig'), await file('app.bin.pem'), data).san).toBe(
    expectedSan(sandbox)
  )
  // Exactly one set of our files: no duplicates, no temporary uploads left behind.
  const ours = ['app.bin.sigstore.json', 'app.bin.sig', 'app.bin.pem']
  if (inputs.provenance === 'true') {
    const line = (await file('multiple.intoto.jsonl')).toString().trim()
    verifyWithSigstoreJs(sandbox, line, Buffer.alloc(0))
    ours.push('multiple.intoto.jsonl')
  }
  expect(all.map((a) => a.name).sort()).toEqual([...Object.keys(USER_FILES), ...ours].sort())
  if (inputs.publish === 'true') expect((await gh.release(releaseId)).draft).toBe(false)
}

/** One row: the fault on the call, the run's outcome, then a re-run without faults. */
describe('every remote call under every fault', () => {
  it.each(ROWS)('$row', async ({ call, fault, variant }) => {
    const immutable = variant === 'immutable releases, publish: true'
    const inputs = immutable ? { ...call.inputs, publish: 'true' } : call.inputs
    const settings = sandbox.github.repo(sandbox.state.context.repository)
    settings.immutableReleases = immutable
    try {
      await faultedRow({ call, fault, variant, inputs })
    } finally {
      settings.immutableReleases = false
    }
  })
})

async function faultedRow({
  call,
  fault,
  variant,
  inputs
}: Omit<(typeof ROWS)[number], 'row'> & { inputs?: Record<string, string> }): Promise<void> {
  const { releaseId, before } = await setUp()
  sandbox.faults.add({
    ...call.match,
    ...fault.rule,
    ...(variant === 'a later call' ? { after: 1 } : {})
  })
  const faulted = await run(releaseId, inputs)
  const hits = sandbox.faults.list()
  sandbox.faults.clear()
  // The fault was met (an expired rule is gone; a standing one counts its hits).
  expect(hits.every((r) => r.hits > 0)).toBe(true)
  if (fault.withinMs) expect(faulted.wallMs).toBeLessThan(fault.withinMs)

  if (fault.outcome === 'completes' || call.completesDespite?.includes(fault.name)) {
    expect(errorLines(faulted)).toEqual([])
    expect(faulted.code).toBe(0)
    await expectSigned(releaseId, before, inputs)
    return
  }
  const lines = errorLines(faulted)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(new RegExp(`^\\[${call.givesUp.code}\\] `))
  expect(lines[0]).toMatch(call.givesUp.names)
  expect(lines[0]).toMatch(/\nFix: /)
  expect(faulted.code).not.toBe(0)

  const rerun = await run(releaseId, inputs)
  expect(errorLines(rerun)).toEqual([])
  await expectSigned(releaseId, before, inputs)
}

describe('refusals', () => {
  it.each(REFUSALS)('$name', async ({ rule, code, names }) => {
    const { releaseId, before } = await setUp()
    sandbox.faults.add(rule)
    const refused = await run(releaseId)
    sandbox.faults.clear()
    const lines = errorLines(refused)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^\\[${code}\\] `))
    expect(lines[0]).toMatch(names)
    expect(lines[0]).not.toMatch(/failed unexpectedly/)

    const rerun = await run(releaseId)
    expect(errorLines(rerun)).toEqual([])
    await expectSigned(releaseId, before)
  })
})
