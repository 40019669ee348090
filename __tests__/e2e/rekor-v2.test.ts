/**
 * Rekor v2 end to end through `node dist/index.js`: with `rekor-version: 2` and the sandbox's v2
 * signing config, assets, the checksums file and the provenance are logged on the v2 log (the
 * provenance as hashedrekord over its PAE digest), every bundle verifies with @sigstore/verify, a
 * re-run keeps them, and the summary links no v1 entry. A v2 config without a TSA is refused.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { fulcioCalls, useSandbox, writes } from '../helpers/sandbox.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import type { ReleaseJson } from '../../sandbox/releases-client.js'
import { expectedSan, unwrapped } from '../helpers/verify.js'

const t = useSandbox({ series: 9 })

const v2 = (): Record<string, string> => ({
  'rekor-version': '2',
  'signing-config': t.sandbox.state.sigstore.signingConfigRekorV2Path,
  provenance: 'true',
  checksums: 'SHA256SUMS'
})

const draftWith = (files: Record<string, string>): Promise<ReleaseJson> => t.draft(files)

async function fileOn(releaseId: number, name: string): Promise<Buffer> {
  const asset = (await t.gh.assets(releaseId)).find((a) => a.name === name)
  if (!asset) throw new Error(`${name} is not on the release`)
  return t.gh.download(asset)
}

/** @sigstore/verify against the sandbox's one trusted root; a v2 entry gives no time, the TSA does. */
function verifyV2(bundleJson: string, data?: Buffer): void {
  const root = TrustedRoot.fromJSON(
    JSON.parse(readFileSync(t.sandbox.state.sigstore.trustedRootPath, 'utf8'))
  )
  const verifier = new Verifier(toTrustMaterial(root), {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1
  })
  const bundle = bundleFromJSON(JSON.parse(bundleJson))
  expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
    kind: 'hashedrekord',
    version: '0.0.2'
  })
  expect(bundle.verificationMaterial.tlogEntries[0]?.inclusionPromise).toBeUndefined()
  verifier.verify(toSignedEntity(bundle, data), {
    subjectAlternativeName: expectedSan(t.sandbox),
    extensions: { issuer: t.sandbox.state.oidc.issuer }
  })
}

describe('rekor-version: 2', () => {
  it('logs assets, checksums and provenance on Rekor v2; the bundles verify; a re-run keeps them', async () => {
    const release = await draftWith({ 'a.tar.gz': 'alpha', 'b.zip': 'beta' })
    t.sandbox.clearRequests()
    const run = await runAction(t.sandbox, { 'release-id': String(release.id), ...v2() })
    expect(errorsOf(run)).toBe('')
    const logged = t.sandbox
      .requests()
      .filter((r) => r.method === 'POST' && r.service.startsWith('rekor'))
    // Two assets, the checksums file, the provenance: four v2 entries, none on v1.
    expect(logged.map((r) => `${r.service} ${r.path}`)).toEqual(
      Array(4).fill('rekor-v2 /api/v2/log/entries')
    )

    for (const name of ['a.tar.gz', 'b.zip', 'SHA256SUMS']) {
      verifyV2(
        (await fileOn(release.id, `${name}.sigstore.json`)).toString(),
        await fileOn(release.id, name)
      )
    }
    const provenance = (await fileOn(release.id, 'multiple.intoto.jsonl')).toString().trim()
    verifyV2(provenance)

    expect(run.summary).not.toContain('/api/v1/log/entries')
    expect(run.summary).not.toContain('--signature')
    expect(unwrapped(run.summary)).toContain('--new-bundle-format --use-signed-timestamps')
    expect(run.summary).toContain('cosign ≥ 3.0.5, sigstore-python ≥ 4, @sigstore/verify ≥ 4.1')
    expect(run.stdout).toContain(`Rekor ${t.sandbox.state.sigstore.rekorV2Url} (v2)`)

    // `sign-release verify` reads the release from GitHub and accepts the v2 bundles.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        resolve('dist/cli/index.js'),
        'verify',
        '--repo',
        t.sandbox.state.context.repository,
        '--tag',
        release.tag_name,
        '--ref',
        t.sandbox.state.context.ref,
        '--trusted-root',
        t.sandbox.state.sigstore.trustedRootPath,
        '--certificate-oidc-issuer',
        t.sandbox.state.oidc.issuer,
        '--json'
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          GITHUB_API_URL: t.sandbox.state.github.apiUrl,
          GITHUB_TOKEN: t.sandbox.state.github.token
        }
      }
    )
    const verdict = JSON.parse(stdout) as { ok: boolean; assets: { name: string; ok: boolean }[] }
    expect(verdict.ok).toBe(true)
    expect(verdict.assets.map((a) => [a.name, a.ok])).toEqual([
      ['a.tar.gz', true],
      ['b.zip', true]
    ])

    t.sandbox.clearRequests()
    const again = await runAction(t.sandbox, { 'release-id': String(release.id), ...v2() })
    expect(errorsOf(again)).toBe('')
    expect(fulcioCalls(t.sandbox)).toBe(0)
    expect(writes(t.sandbox)).toBe(0)
    expect(again.summary).toContain('(kept)')
    expect(again.summary).not.toContain('/api/v1/log/entries')
  })

  it('refuses a v2 signing config without a timestamp authority, before signing anything', async () => {
    const release = await draftWith({ 'c.bin': 'gamma' })
    const config = JSON.parse(
      readFileSync(t.sandbox.state.sigstore.signingConfigRekorV2Path, 'utf8')
    ) as Record<string, unknown>
    const path = join(t.sandbox.dir, 'signing_config_rekor_v2_no_tsa.json')
    await writeFile(path, JSON.stringify({ ...config, tsaUrls: [] }))
    t.sandbox.clearRequests()
    const run = await runAction(t.sandbox, {
      'release-id': String(release.id),
      ...v2(),
      'signing-config': path
    })
    expect(run.code).not.toBe(0)
    expect(codeOf(run)).toBe('TRUST_MATERIAL')
    expect(errorsOf(run)).toContain('which Rekor v2 needs')
    expect(fulcioCalls(t.sandbox)).toBe(0)
    expect(writes(t.sandbox)).toBe(0)
  })
})
