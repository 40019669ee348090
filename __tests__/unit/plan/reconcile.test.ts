/**
 * Re-runs, in process: what is on the release already (files really signed by the sandbox's Fulcio
 * for this repository and another) is kept when it proves itself, replaced when it is stale and
 * ours, and stops the run when it is not ours, before anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import type { Asset } from '../../../src/github/assets.js'
import { tempName } from '../../../src/names.js'
import { reconcile } from '../../../src/plan/reconcile.js'
import { sidecarContent } from '../../../src/sidecars.js'
import {
  releaseOf as release,
  sha,
  startOwnedRelease,
  type OwnedRelease
} from '../../helpers/owned-release.js'

let owned: OwnedRelease
beforeAll(async () => {
  owned = await startOwnedRelease()
})
afterAll(async () => {
  await owned.stack.close()
})

describe('reconcile', () => {
  const subject = {
    kind: 'asset' as const,
    name: 'a',
    sha256: sha('app v1'),
    size: 6,
    asset: { id: 99, name: 'a', size: 6, state: 'uploaded', contentType: 'x' }
  }

  it('keeps a sidecar that matches a bundle it reuses, and replaces stale ones of ours', async () => {
    const ctx = release({ 'a.sigstore.json': owned.bundleText('ours'), 'a.sig': owned.sig('ours') })
    const plan = await reconcile(subject, {
      kinds: ['bundle', 'sig'],
      onExisting: 'skip',
      ownership: ctx,
      verify: () => undefined
    })
    expect(plan.reuse).toBeDefined()
    expect(plan.sidecars.map((s) => [s.name, s.action])).toEqual([
      ['a.sigstore.json', 'keep'],
      ['a.sig', 'keep']
    ])
    const stale = await reconcile(subject, {
      kinds: ['bundle', 'sig'],
      onExisting: 'skip',
      ownership: ctx,
      verify: () => {
        throw new Error('for other bytes')
      }
    })
    expect(stale.reuse).toBeUndefined()
    expect(stale.staleReason).toBe('for other bytes')
    expect(stale.sidecars.map((s) => s.action)).toEqual(['replace', 'replace'])
  })

  it.each(['skip', 'replace', 'fail'] as const)(
    'stops at a file that is not ours, with on-existing: %s, naming it and the input',
    async (onExisting) => {
      const ctx = release({ 'a.pem': owned.pem('theirs') })
      await expect(
        reconcile(subject, { kinds: ['bundle', 'sig', 'pem'], onExisting, ownership: ctx })
      ).rejects.toMatchObject({ code: 'FOREIGN_FILE', message: expect.stringContaining('"a.pem"') })
    }
  )

  it('uploads what is missing, naming a leftover temporary upload of an earlier run to delete', async () => {
    const ctx = release({ [tempName('a.pem')]: owned.pem('ours') })
    const plan = await reconcile(subject, {
      kinds: ['bundle', 'pem'],
      onExisting: 'skip',
      ownership: ctx
    })
    expect(plan.sidecars.map((s) => [s.name, s.action, s.staleTemp?.name])).toEqual([
      ['a.sigstore.json', 'upload', undefined],
      ['a.pem', 'upload', tempName('a.pem')]
    ])
  })

  it('refuses our own files with on-existing: fail, naming them, and replaces them with replace', async () => {
    const ctx = release({ 'a.sigstore.json': owned.bundleText('ours'), 'a.sig': owned.sig('ours') })
    await expect(
      reconcile(subject, { kinds: ['bundle', 'sig'], onExisting: 'fail', ownership: ctx })
    ).rejects.toMatchObject({
      code: 'INPUT_CONFLICT',
      message: '"a" already has "a.sigstore.json", "a.sig" on the release (on-existing: fail)'
    })
    // replace never reuses, even a bundle that verifies.
    const replaced = await reconcile(subject, {
      kinds: ['bundle', 'sig'],
      onExisting: 'replace',
      ownership: ctx,
      verify: () => undefined
    })
    expect(replaced.reuse).toBeUndefined()
    expect(replaced.sidecars.map((s) => s.action)).toEqual(['replace', 'replace'])
  })

  it('replaces a sidecar of ours that differs from the reused bundle', async () => {
    // Beside a bundle that verifies: our .sig of it is kept; our .pem of another run's certificate
    // is not what the bundle gives, so it is replaced.
    const other = await owned.sign(sha('app v2'))
    const ctx = release({
      'a.sigstore.json': owned.bundleText('ours'),
      'a.sig': owned.sig('ours'),
      'a.pem': sidecarContent(other, 'pem')
    })
    const plan = await reconcile(subject, {
      kinds: ['bundle', 'sig', 'pem'],
      onExisting: 'skip',
      ownership: ctx,
      verify: () => undefined
    })
    expect(plan.sidecars.map((s) => [s.name, s.action])).toEqual([
      ['a.sigstore.json', 'keep'],
      ['a.sig', 'keep'],
      ['a.pem', 'replace']
    ])
  })

  it('fails, rather than signing again, when GitHub is unavailable while reading the bundle', async () => {
    const ctx = release({ 'a.sigstore.json': owned.bundleText('ours') })
    const unavailable = new UserError('GITHUB_UNAVAILABLE', 'GitHub answered HTTP 502')
    let reads = 0
    const flaky = {
      ...ctx,
      // Ownership reads the file first; the reuse check reads it again and GitHub fails.
      read: (asset: Asset) => (reads++ === 0 ? ctx.read(asset) : Promise.reject(unavailable))
    }
    await expect(
      reconcile(subject, {
        kinds: ['bundle'],
        onExisting: 'skip',
        ownership: flaky,
        verify: () => undefined
      })
    ).rejects.toBe(unavailable)
  })
})
