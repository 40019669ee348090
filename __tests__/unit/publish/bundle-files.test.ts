/**
 * The run's bundles and statements written under RUNNER_TEMP for later steps: one
 * `<name>.sigstore.json` per signed file, each statement as one JSON line under its release name,
 * and the provenance's path told apart.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { writeBundleFiles } from '../../../src/publish/bundle-files.js'
import type { Signed } from '../../../src/sign/index.js'

const bundle = (n: number): SerializedBundle =>
  ({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', n }) as unknown as SerializedBundle

describe('writeBundleFiles', () => {
  it('writes each bundle and statement, creating the directory', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bundles-')), 'sign-release')
    const signed = {
      bundles: new Map([
        ['app.zip', bundle(1)],
        ['SHA256SUMS', bundle(2)]
      ]),
      statements: [
        { kind: 'sbom', name: 'sbom.intoto.jsonl', bundle: bundle(3) },
        { kind: 'provenance', name: 'multiple.intoto.jsonl', bundle: bundle(4) }
      ]
    } as unknown as Signed
    const files = await writeBundleFiles(dir, signed)
    expect(files).toEqual({
      bundlePaths: [join(dir, 'app.zip.sigstore.json'), join(dir, 'SHA256SUMS.sigstore.json')],
      provenancePath: join(dir, 'multiple.intoto.jsonl')
    })
    expect(JSON.parse(await readFile(join(dir, 'app.zip.sigstore.json'), 'utf8'))).toEqual(
      bundle(1)
    )
    expect(await readFile(join(dir, 'sbom.intoto.jsonl'), 'utf8')).toBe(
      `${JSON.stringify(bundle(3))}\n`
    )
  })

  it('gives no provenance path when the run made no provenance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundles-'))
    const files = await writeBundleFiles(dir, { bundles: new Map(), statements: [] })
    expect(files).toEqual({ bundlePaths: [], provenancePath: undefined })
  })
})
