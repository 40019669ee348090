/**
 * Ownership by content, in process: files this repository's signer wrote are recognised as ours;
 * another repository's genuine Sigstore files and anything else are not. Certificates come from the
 * sandbox's Fulcio for real tokens of two repositories; bundles from the action's own signer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Asset } from '../../../src/github/assets.js'
import { isOurs, type OwnedKind } from '../../../src/plan/ownership.js'
import { TooLargeError } from '../../../src/util/stream.js'
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

async function judged(
  kind: OwnedKind,
  name: string,
  files: Record<string, Buffer | string>,
  digest = sha('app v1')
): Promise<boolean> {
  const ctx = release(files)
  return isOurs(kind, name, ctx.byName.get(name) as Asset, ctx, digest)
}

describe('a file is ours when its content proves it', () => {
  it.each([
    [
      'our bundle',
      'bundle',
      'a.sigstore.json',
      () => ({ 'a.sigstore.json': owned.bundleText('ours') }),
      true
    ],
    [
      "another repository's bundle",
      'bundle',
      'a.sigstore.json',
      () => ({ 'a.sigstore.json': owned.bundleText('theirs') }),
      false
    ],
    [
      'text under a bundle name',
      'bundle',
      'a.sigstore.json',
      () => ({ 'a.sigstore.json': 'notes' }),
      false
    ],
    ['our certificate', 'pem', 'a.pem', () => ({ 'a.pem': owned.pem('ours') }), true],
    [
      "another repository's certificate",
      'pem',
      'a.pem',
      () => ({ 'a.pem': owned.pem('theirs') }),
      false
    ],
    [
      'our signature beside our certificate',
      'sig',
      'a.sig',
      () => ({ 'a.sig': owned.sig('ours'), 'a.pem': owned.pem('ours') }),
      true
    ],
    [
      'our signature beside our bundle only',
      'sig',
      'a.sig',
      () => ({ 'a.sig': owned.sig('ours'), 'a.sigstore.json': owned.bundleText('ours') }),
      true
    ],
    [
      'our signature beside our certificate still under its temporary name',
      'sig',
      'a.sig',
      () => ({ 'a.sig': owned.sig('ours'), 'a.pem.sign-release-tmp': owned.pem('ours') }),
      true
    ],
    ['our signature alone', 'sig', 'a.sig', () => ({ 'a.sig': owned.sig('ours') }), false],
    [
      "another repository's signature beside our certificate",
      'sig',
      'a.sig',
      () => ({ 'a.sig': owned.sig('theirs'), 'a.pem': owned.pem('ours') }),
      false
    ],
    [
      "another repository's signature and certificate",
      'sig',
      'a.sig',
      () => ({ 'a.sig': owned.sig('theirs'), 'a.pem': owned.pem('theirs') }),
      false
    ],
    [
      'a PGP signature beside our certificate',
      'sig',
      'a.sig',
      () => ({ 'a.sig': '-----BEGIN PGP SIGNATURE-----\n', 'a.pem': owned.pem('ours') }),
      false
    ],
    [
      'a checksums file with our bundle',
      'checksums',
      'SUMS',
      () => ({ SUMS: `${sha('x')}  a\n`, 'SUMS.sigstore.json': owned.bundleText('ours') }),
      true
    ],
    [
      'a checksums file with our bundle still under its temporary name',
      'checksums',
      'SUMS',
      () => ({
        SUMS: `${sha('x')}  a\n`,
        'SUMS.sigstore.json.sign-release-tmp': owned.bundleText('ours')
      }),
      true
    ],
    [
      'a checksums file without a bundle',
      'checksums',
      'SUMS',
      () => ({ SUMS: `${sha('x')}  a\n` }),
      false
    ],
    [
      'an asset we signed under the checksums name',
      'checksums',
      'a.txt',
      () => ({ 'a.txt': 'hello', 'a.txt.sigstore.json': owned.bundleText('ours') }),
      false
    ],
    [
      'a message bundle where a statement should be',
      'statement',
      'p.jsonl',
      () => ({ 'p.jsonl': owned.bundleText('ours') }),
      false
    ]
  ] as const)('%s: %s', async (_name, kind, file, files, expected) => {
    expect(await judged(kind, file, files())).toBe(expected)
  })

  it('recognises a signature of ours over the digest our bundle recorded, after the asset changed', async () => {
    const files = { 'a.sig': owned.sig('ours'), 'a.sigstore.json': owned.bundleText('ours') }
    expect(await judged('sig', 'a.sig', files, sha('app v2'))).toBe(true)
    expect(await judged('sig', 'a.sig', { 'a.sig': owned.sig('ours') }, sha('app v2'))).toBe(false)
  })

  it('takes a file too large to be ours for not ours, but never a failed read', async () => {
    const ctx = release({ 'a.pem': owned.pem('ours') })
    const asset = ctx.byName.get('a.pem') as Asset
    const tooLarge = { ...ctx, read: () => Promise.reject(new TooLargeError(16)) }
    expect(await isOurs('pem', 'a.pem', asset, tooLarge)).toBe(false)
    const offline = { ...ctx, read: () => Promise.reject(new Error('socket hang up')) }
    await expect(isOurs('pem', 'a.pem', asset, offline)).rejects.toThrow('socket hang up')
  })
})
