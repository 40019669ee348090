/**
 * Release-level files (the checksums file here): uploaded when absent, kept when current, replaced
 * when the file on the release is ours (a checksums file with our bundle beside it, really signed by
 * the sandbox's Fulcio) or a broken upload, and never written over a user's file, even one left
 * under our temporary name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { tempName } from '../../../src/names.js'
import { planReleaseFile } from '../../../src/plan/release-files.js'
import {
  releaseOf,
  sha,
  startOwnedRelease,
  type OwnedRelease
} from '../../helpers/owned-release.js'

let owned: OwnedRelease
/** A checksums file and its bundle, both ours. */
let ours: Record<string, string>

beforeAll(async () => {
  owned = await startOwnedRelease()
  const sums = `${sha('app v1')}  app.tar.gz\n`
  ours = {
    SHA256SUMS: sums,
    'SHA256SUMS.sigstore.json': JSON.stringify(await owned.sign(sha(sums)))
  }
})
afterAll(async () => {
  await owned.stack.close()
})

const plan = (files: Record<string, string>, current = false, input = 'checksums') =>
  planReleaseFile('SHA256SUMS', input, 'checksums', releaseOf(files), current)

describe('planReleaseFile', () => {
  it('uploads a file that is not there', async () => {
    expect(await plan({})).toEqual({ name: 'SHA256SUMS', action: 'upload', staleTemp: undefined })
  })

  it('keeps a current file, and replaces one of ours that is not', async () => {
    expect((await plan(ours, true)).action).toBe('keep')
    expect((await plan(ours, false)).action).toBe('replace')
  })

  it("refuses to write over a user's file of that name, saying which input to change", async () => {
    await expect(plan({ SHA256SUMS: 'my own notes' })).rejects.toMatchObject({
      code: 'FOREIGN_FILE',
      hint: expect.stringContaining("set 'checksums' to another name")
    })
    // A checksums file without our bundle beside it is the user's too.
    await expect(plan({ SHA256SUMS: ours.SHA256SUMS ?? '' })).rejects.toMatchObject({
      code: 'FOREIGN_FILE'
    })
    await expect(plan({ SHA256SUMS: 'x' }, false, 'sbom')).rejects.toMatchObject({
      hint: expect.stringContaining(
        "drop the 'sbom' input (its statement is always named SHA256SUMS)"
      )
    })
  })

  it("refuses a user's file under our temporary name, and clears one of ours", async () => {
    await expect(plan({ [tempName('SHA256SUMS')]: 'user data' })).rejects.toMatchObject({
      code: 'FOREIGN_FILE',
      message: expect.stringContaining(JSON.stringify(tempName('SHA256SUMS')))
    })
    const leftover = await plan({
      [tempName('SHA256SUMS')]: ours.SHA256SUMS ?? '',
      'SHA256SUMS.sigstore.json': ours['SHA256SUMS.sigstore.json'] ?? ''
    })
    expect(leftover).toMatchObject({
      action: 'upload',
      staleTemp: { name: tempName('SHA256SUMS') }
    })
  })

  it('replaces an upload that never finished, whatever it holds', async () => {
    const ctx = releaseOf({ SHA256SUMS: 'half' })
    const broken = { ...ctx.byName.get('SHA256SUMS')!, state: 'starter' }
    const result = await planReleaseFile(
      'SHA256SUMS',
      'checksums',
      'checksums',
      { ...ctx, byName: new Map([['SHA256SUMS', broken]]) },
      true
    )
    expect(result.action).toBe('replace')
  })
})
