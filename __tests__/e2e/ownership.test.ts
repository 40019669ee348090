/**
 * A file is ours only when its content proves it: files of the user's under every name the action
 * writes stop the run before anything is written, under every on-existing value, and stay exactly
 * as they were. Files of ours (stale or left by an interrupted run) are still replaced.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Sandbox } from '../../sandbox/index.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { GitHubHelper, type AssetJson, type ReleaseJson } from '../../sandbox/releases-client.js'
import { startTestSandbox, writes } from '../helpers/sandbox.js'
import { ON_EXISTING, OWNERSHIP_CASES, type ForeignContent } from '../tables/ownership.js'

let sandbox: Sandbox
let gh: GitHubHelper
/** Files another repository's run of sign-release wrote: a foreign signer's genuine artefacts. */
const foreign = new Map<string, Buffer>()

const OTHER_REPOSITORY = 'other-org/other-repo'

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  await writeFile(
    join(sandbox.env.GITHUB_WORKSPACE as string, 'bom.cdx.json'),
    JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 })
  )
  await sandbox.setContext({ repository: OTHER_REPOSITORY })
  try {
    const other = new GitHubHelper(sandbox, OTHER_REPOSITORY)
    const release = await other.createRelease('v9.9.9')
    await other.upload(release, 'app.bin', 'their app')
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'SHA256SUMS'
    })
    expect(errorsOf(run)).toBe('')
    for (const asset of await other.assets(release.id))
      foreign.set(asset.name, await other.download(asset))
  } finally {
    await sandbox.setContext({ repository: 'octo-org/octo-repo' })
  }
})
afterAll(async () => {
  await sandbox.close()
})

function contentOf(kind: ForeignContent): Record<string, Buffer> {
  const theirs = (name: string): Buffer => {
    const bytes = foreign.get(name)
    if (!bytes) throw new Error(`the other repository's run left no ${name}`)
    return bytes
  }
  switch (kind) {
    case 'user text':
      return { main: Buffer.from('my own notes\n') }
    case 'a PGP signature':
      return {
        main: Buffer.from(
          '-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n'
        )
      }
    case 'a checksums file without our bundle':
      return { main: Buffer.from(`${'ab'.repeat(32)}  app.bin\n`) }
    case "another repository's bundle":
      return { main: theirs('app.bin.sigstore.json') }
    case "another repository's signature":
      return { main: theirs('app.bin.sig'), pem: theirs('app.bin.pem') }
    case "another repository's certificate":
      return { main: theirs('app.bin.pem') }
    case "another repository's provenance":
      return { main: theirs('multiple.intoto.jsonl') }
    case "another repository's checksums file and bundle":
      return { main: theirs('SHA256SUMS'), bundle: theirs('SHA256SUMS.sigstore.json') }
  }
}

let tagCount = 0
async function seeded(file: string, kind: ForeignContent): Promise<ReleaseJson> {
  const release = await gh.createRelease(`v3.${++tagCount}.0`)
  await gh.upload(release, 'app.bin', 'our app')
  const content = contentOf(kind)
  await gh.upload(release, file, content.main as Buffer)
  // The companions a foreign signature or checksums file came with.
  if (content.pem) await gh.upload(release, file.replace(/\.sig$/, '.pem'), content.pem)
  if (content.bundle) await gh.upload(release, `${file}.sigstore.json`, content.bundle)
  return release
}

function snapshot(assets: AssetJson[]): { id: number; name: string; digest: string | null }[] {
  return assets
    .map((a) => ({ id: a.id, name: a.name, digest: a.digest }))
    .sort((a, b) => a.id - b.id)
}

describe.each(OWNERSHIP_CASES)('a user file $file holding $content', (c) => {
  it.each(ON_EXISTING)('is never touched with on-existing: %s', async (onExisting) => {
    const release = await seeded(c.file, c.content)
    const before = snapshot(await gh.assets(release.id))
    sandbox.clearRequests()
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      'on-existing': onExisting,
      ...c.inputs
    })
    expect(codeOf(run)).toBe('FOREIGN_FILE')
    expect(errorsOf(run)).toContain(JSON.stringify(c.file))
    expect(errorsOf(run)).toContain(`'${c.avoidedBy}'`)
    expect(writes(sandbox)).toBe(0)
    expect(snapshot(await gh.assets(release.id))).toEqual(before)
  })
})

describe('files that are ours by content', () => {
  it('refuses to write a checksums file over an asset it had signed, and leaves both files as they were', async () => {
    const release = await gh.createRelease(`v3.${++tagCount}.0`)
    await gh.upload(release, 'a.txt', 'hello')
    await gh.upload(release, 'b.txt', 'world')
    const first = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'SHA256SUMS'
    })
    expect(errorsOf(first)).toBe('')
    const before = snapshot(await gh.assets(release.id))
    sandbox.clearRequests()
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'a.txt'
    })
    expect(codeOf(run)).toBe('FOREIGN_FILE')
    expect(errorsOf(run)).toContain("'checksums'")
    expect(writes(sandbox)).toBe(0)
    expect(snapshot(await gh.assets(release.id))).toEqual(before)
  })

  it('replaces a maintainer-deleted signature of its own, but not the PGP signature put in its place', async () => {
    const release = await gh.createRelease(`v3.${++tagCount}.0`)
    await gh.upload(release, 'tool.bin', 'tool')
    expect(errorsOf(await runAction(sandbox, { 'release-id': String(release.id) }))).toBe('')
    const ours = (await gh.assets(release.id)).find((a) => a.name === 'tool.bin.sig') as AssetJson
    await gh.deleteAsset(ours.id)
    await gh.upload(release, 'tool.bin.sig', contentOf('a PGP signature').main as Buffer)
    const before = snapshot(await gh.assets(release.id))
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      'on-existing': 'replace'
    })
    expect(codeOf(run)).toBe('FOREIGN_FILE')
    expect(snapshot(await gh.assets(release.id))).toEqual(before)
    // With the .sig left out, the run completes beside the maintainer's own signature.
    const without = await runAction(sandbox, {
      'release-id': String(release.id),
      sidecars: 'bundle,pem'
    })
    expect(errorsOf(without)).toBe('')
    const after = await gh.assets(release.id)
    expect(after.find((a) => a.name === 'tool.bin.sig')?.digest).toBe(
      before.find((a) => a.name === 'tool.bin.sig')?.digest
    )
  })
})
