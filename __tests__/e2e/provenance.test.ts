/**
 * Provenance, checksums and GitHub's attestations API, end to end through `node dist/index.js`.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { fulcioCalls, REUSABLE_WORKFLOW, useSandbox, writes } from '../helpers/sandbox.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { GitHubHelper, type AssetJson, type ReleaseJson } from '../../sandbox/releases-client.js'
import { expectedSan, sha256, unwrapped, verifyWithSigstoreJs } from '../helpers/verify.js'

const t = useSandbox({ series: 2 })

const withProvenance = { provenance: 'true', checksums: 'SHA256SUMS' }

const draftWith = (files: Record<string, string>): Promise<ReleaseJson> => t.draft(files)

async function fileOn(releaseId: number, name: string): Promise<Buffer> {
  const asset = (await t.gh.assets(releaseId)).find((a) => a.name === name)
  if (!asset) throw new Error(`${name} is not on the release`)
  return t.gh.download(asset)
}

interface Statement {
  subject: { name: string; digest: { sha256: string } }[]
  predicateType: string
  predicate: {
    buildDefinition: {
      buildType: string
      externalParameters: { workflow: { ref: string; repository: string; path: string } }
      resolvedDependencies: { uri: string; digest: { gitCommit: string } }[]
    }
    runDetails: { builder: { id: string }; metadata: { invocationId: string } }
  }
}

async function provenanceOf(releaseId: number): Promise<{ line: string; statement: Statement }> {
  const text = (await fileOn(releaseId, 'multiple.intoto.jsonl')).toString()
  const lines = text.split('\n').filter((l) => l.length > 0)
  expect(lines).toHaveLength(1)
  expect(text.endsWith('\n')).toBe(true)
  const line = lines[0] as string
  verifyWithSigstoreJs(t.sandbox, line, Buffer.alloc(0))
  const bundle = bundleFromJSON(JSON.parse(line))
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle')
  expect(bundle.content.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json')
  return {
    line,
    statement: JSON.parse(bundle.content.dsseEnvelope.payload.toString()) as Statement
  }
}

describe('provenance and checksums', () => {
  it('uploads signed SLSA provenance over every asset and a signed checksums file', async () => {
    const release = await draftWith({ 'a.tar.gz': 'alpha', 'b file.zip': 'beta' })
    const run = await runAction(t.sandbox, { 'release-id': String(release.id), ...withProvenance })
    expect(errorsOf(run)).toBe('')
    const assets = await t.gh.assets(release.id)
    const subjects = assets.filter((a) => a.name === 'a.tar.gz' || a.name === 'b.file.zip')

    const { statement } = await provenanceOf(release.id)
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1')
    expect(statement.subject).toEqual(
      subjects
        .map((a) => ({ name: a.name, digest: { sha256: (a.digest ?? '').replace('sha256:', '') } }))
        .sort((x, y) => (x.name < y.name ? -1 : 1))
    )
    const c = t.sandbox.state.context
    const def = statement.predicate.buildDefinition
    expect(def.buildType).toBe('https://actions.github.io/buildtypes/workflow/v1')
    expect(def.externalParameters.workflow).toEqual({
      ref: c.ref,
      repository: `https://github.com/${c.repository}`,
      path: c.workflowFile
    })
    expect(def.resolvedDependencies[0]?.digest.gitCommit).toBe(c.sha)
    expect(statement.predicate.runDetails.builder.id).toBe(expectedSan(t.sandbox))
    expect(statement.predicate.runDetails.metadata.invocationId).toBe(
      `https://github.com/${c.repository}/actions/runs/${c.runId}/attempts/${c.runAttempt}`
    )

    const sums = (await fileOn(release.id, 'SHA256SUMS')).toString()
    const expected = await Promise.all(
      subjects.map(async (a) => `${sha256(await t.gh.download(a))}  ${a.name}\n`)
    )
    expect(sums).toBe(
      expected
        .sort((x, y) => (x.split('  ')[1] as string).localeCompare(y.split('  ')[1] as string))
        .join('')
    )
    verifyWithSigstoreJs(
      t.sandbox,
      (await fileOn(release.id, 'SHA256SUMS.sigstore.json')).toString(),
      Buffer.from(sums)
    )
    expect(assets.map((a) => a.name)).toEqual(
      expect.arrayContaining(['SHA256SUMS.sig', 'SHA256SUMS.pem'])
    )

    expect(run.outputs['provenance-path']).toMatch(/multiple\.intoto\.jsonl$/)
    expect(run.outputs['attestation-id']).toMatch(/^\d+$/)
    expect(run.summary).toContain('gh attestation verify')
    expect(run.summary).toContain('--type slsaprovenance1')
    expect(run.summary).toContain('sha256sum -c SHA256SUMS --ignore-missing')
  })

  it('stores the provenance in the attestations API, readable back by digest', async () => {
    const release = await draftWith({ 'att.bin': 'attested' })
    const run = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...withProvenance,
      attestations: 'true'
    })
    expect(errorsOf(run)).toBe('')
    const digest = sha256(Buffer.from('attested'))
    const found = await t.gh.api<{ attestations: { bundle: unknown }[] }>(
      'GET',
      `/repos/${t.gh.repository}/attestations/sha256:${digest}`
    )
    const { line } = await provenanceOf(release.id)
    expect(found.attestations.map((a) => JSON.stringify(a.bundle))).toContain(line)
    expect(run.outputs['attestation-url']).toContain(
      `/attestations/${run.outputs['attestation-id']}`
    )
  })

  it('stores the attestation on a re-run when the first run failed at that step, and only once', async () => {
    const release = await draftWith({ 'late.bin': 'late' })
    t.sandbox.faults.add({
      service: 'github',
      method: 'POST',
      path: `/repos/${t.gh.repository}/attestations`,
      status: 400,
      times: 1
    })
    const failed = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...withProvenance
    })
    expect(failed.code).not.toBe(0)
    const digest = `sha256:${sha256(Buffer.from('late'))}`
    const stored = async (): Promise<number> =>
      (
        await t.gh.api<{ attestations: unknown[] }>(
          'GET',
          `/repos/${t.gh.repository}/attestations/${digest}`
        )
      ).attestations.length
    expect(await stored()).toBe(0)

    const rerun = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...withProvenance
    })
    expect(errorsOf(rerun)).toBe('')
    expect(await stored()).toBe(1)
    expect(rerun.outputs['attestation-id']).toMatch(/^\d+$/)

    t.sandbox.clearRequests()
    expect(
      errorsOf(await runAction(t.sandbox, { 'release-id': String(release.id), ...withProvenance }))
    ).toBe('')
    expect(await stored()).toBe(1)
    expect(writes(t.sandbox)).toBe(0)
  })

  it('adds nothing on a re-run, and regenerates provenance and checksums when the assets change', async () => {
    const release = await draftWith({ 'one.txt': '1' })
    expect(
      (await runAction(t.sandbox, { 'release-id': String(release.id), ...withProvenance })).code
    ).toBe(0)
    t.sandbox.clearRequests()
    const again = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...withProvenance
    })
    expect(errorsOf(again)).toBe('')
    expect(fulcioCalls(t.sandbox)).toBe(0)
    expect(writes(t.sandbox)).toBe(0)

    await t.gh.upload(release, 'two.txt', '2')
    t.sandbox.clearRequests()
    const changed = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...withProvenance
    })
    expect(errorsOf(changed)).toBe('')
    expect(fulcioCalls(t.sandbox)).toBe(1)
    const { statement } = await provenanceOf(release.id)
    expect(statement.subject.map((s) => s.name)).toEqual(['one.txt', 'two.txt'])
    expect((await fileOn(release.id, 'SHA256SUMS')).toString()).toContain('  two.txt\n')
    const names = (await t.gh.assets(release.id)).map((a: AssetJson) => a.name)
    expect(names.filter((n) => n === 'multiple.intoto.jsonl')).toHaveLength(1)
    expect(names).toHaveLength(2 * 4 + 4 + 1)
  })

  it('names the reusable workflow as builder and the caller as the external workflow', async () => {
    await t.sandbox.setContext({ reusable: REUSABLE_WORKFLOW })
    try {
      const release = await draftWith({ 'r.bin': 'reusable' })
      const run = await runAction(t.sandbox, {
        'release-id': String(release.id),
        ...withProvenance
      })
      expect(errorsOf(run)).toBe('')
      const { statement } = await provenanceOf(release.id)
      expect(statement.predicate.runDetails.builder.id).toBe(
        'https://github.com/sign-release/sign-release/.github/workflows/sign-release.yml@refs/tags/v1'
      )
      expect(statement.predicate.buildDefinition.externalParameters.workflow.path).toBe(
        t.sandbox.state.context.workflowFile
      )
    } finally {
      await t.sandbox.setContext({ reusable: undefined })
    }
  })

  it('attests an SBOM over the same subjects, keeps it on a re-run, and refuses a file that is no SBOM', async () => {
    const release = await draftWith({ 'lib.tgz': 'library' })
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }]
    }
    await writeFile(
      join(t.sandbox.env.GITHUB_WORKSPACE as string, 'bom.cdx.json'),
      JSON.stringify(sbom)
    )
    const inputs = { 'release-id': String(release.id), ...withProvenance, sbom: 'bom.cdx.json' }
    const run = await runAction(t.sandbox, inputs)
    expect(errorsOf(run)).toBe('')
    const line = (await fileOn(release.id, 'sbom.intoto.jsonl')).toString().trimEnd()
    expect(run.summary).toContain('### SBOM')
    expect(unwrapped(run.summary)).toContain(
      'gh attestation verify lib.tgz --bundle sbom.intoto.jsonl'
    )
    expect(run.summary).toContain('--predicate-type https://cyclonedx.org/bom')
    expect(run.summary).toContain('--type cyclonedx')
    verifyWithSigstoreJs(t.sandbox, line, Buffer.alloc(0))
    const bundle = bundleFromJSON(JSON.parse(line))
    if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle')
    const statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString()) as {
      predicateType: string
      predicate: unknown
      subject: { name: string }[]
    }
    expect(statement.predicateType).toBe('https://cyclonedx.org/bom')
    expect(statement.predicate).toEqual(sbom)
    expect(statement.subject.map((s) => s.name)).toEqual(['lib.tgz'])

    t.sandbox.clearRequests()
    expect(errorsOf(await runAction(t.sandbox, inputs))).toBe('')
    expect(writes(t.sandbox)).toBe(0)

    await writeFile(
      join(t.sandbox.env.GITHUB_WORKSPACE as string, 'not-a-bom.json'),
      JSON.stringify({ hello: 'world' })
    )
    const bad = await runAction(t.sandbox, { ...inputs, sbom: 'not-a-bom.json' })
    expect(codeOf(bad)).toBe('INPUT_INVALID')
    expect(errorsOf(bad)).toContain('Input \'sbom\': "not-a-bom.json"')
  })

  it('degrades to a warning where the attestations API is unavailable with auto, and fails with true', async () => {
    const repository = 'solo-dev/private-tool'
    await t.sandbox.setContext({ repository, visibility: 'private' })
    const settings = t.sandbox.github.repo(repository)
    settings.visibility = 'private'
    settings.ownerType = 'User'
    const solo = new GitHubHelper(t.sandbox, repository)
    try {
      const release = await solo.createRelease('v1.0.0')
      await solo.upload(release, 'p.bin', 'private')
      const auto = await runAction(t.sandbox, {
        'release-id': String(release.id),
        ...withProvenance
      })
      expect(errorsOf(auto)).toBe('')
      expect(auto.stdout).toMatch(/::warning::.*attestations API is not available/)
      expect((await solo.assets(release.id)).map((a) => a.name)).toContain('multiple.intoto.jsonl')

      const strict = await runAction(t.sandbox, {
        'release-id': String(release.id),
        ...withProvenance,
        attestations: 'true',
        'on-existing': 'replace'
      })
      expect(errorsOf(strict)).toContain('attestations API is not available')
    } finally {
      await t.sandbox.setContext({ repository: 'octo-org/octo-repo', visibility: 'public' })
    }
  })
})
