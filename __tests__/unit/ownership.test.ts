/**
 * Ownership by content, in process: files this repository's signer wrote are recognised as ours;
 * another repository's genuine Sigstore files and anything else are not. Certificates come from the
 * sandbox's Fulcio for real tokens of two repositories; bundles from the action's own signer.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import type { Asset } from '../../src/github/assets.js'
import { isOurs, type OwnedKind, type OwnershipContext } from '../../src/plan/ownership.js'
import { reconcile } from '../../src/plan/reconcile.js'
import { signDigestBundle } from '../../src/sign/message.js'
import { createRunSigner } from '../../src/sign/signer.js'
import { witnessesFor } from '../../src/sign/context.js'
import { sidecarContent } from '../../src/sidecars.js'
import { TooLargeError } from '../../src/util/stream.js'
import { startStack, type Stack } from '../sandbox/sigstore-fixture.js'

const OURS = 'octo-org/ours'
const REPOSITORY_URL = `https://github.com/${OURS}`

let stack: Stack
const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

/** One bundle per repository, each for the digest of `app v1`. */
const bundles: Record<'ours' | 'theirs', SerializedBundle> = {} as never

async function signAs(repository: string, digest: string): Promise<SerializedBundle> {
  stack.oidc.setContext({ repository })
  const instance = { fulcioUrl: stack.sigstore.fulcioUrl, rekorUrl: stack.sigstore.rekorUrl }
  const signer = await createRunSigner(instance.fulcioUrl, await stack.oidc.mint('sigstore'), {
    timeout: 5000,
    retry: { retries: 0, minTimeout: 0, factor: 1 }
  })
  return signDigestBundle(
    signer,
    witnessesFor({ ...instance, name: 'custom', trustedRoot: undefined as never }),
    Buffer.from(digest, 'hex')
  )
}

beforeAll(async () => {
  stack = await startStack({ repository: OURS })
  bundles.ours = await signAs(OURS, sha('app v1'))
  bundles.theirs = await signAs('other-org/theirs', sha('app v1'))
})
afterAll(async () => {
  await stack.close()
})

/** A release holding these files, readable in process. */
function release(files: Record<string, Buffer | string>): OwnershipContext & { assets: Asset[] } {
  const contents = new Map<number, Buffer>()
  const assets = Object.entries(files).map(([name, content], i) => {
    const bytes = Buffer.from(content)
    contents.set(i + 1, bytes)
    return { id: i + 1, name, size: bytes.length, state: 'uploaded', contentType: 'x' }
  })
  return {
    assets,
    repositoryUrl: REPOSITORY_URL,
    byName: new Map(assets.map((a) => [a.name, a])),
    read: (asset) => {
      const bytes = contents.get(asset.id)
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error('network down'))
    }
  }
}

const bundleText = (who: 'ours' | 'theirs'): string => JSON.stringify(bundles[who])
const sig = (who: 'ours' | 'theirs'): Buffer => sidecarContent(bundles[who], 'sig')
const pem = (who: 'ours' | 'theirs'): Buffer => sidecarContent(bundles[who], 'pem')

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
      () => ({ 'a.sigstore.json': bundleText('ours') }),
      true
    ],
    [
      "another repository's bundle",
      'bundle',
      'a.sigstore.json',
      () => ({ 'a.sigstore.json': bundleText('theirs') }),
      false
    ],
    [
      'text under a bundle name',
      'bundle',
      'a.sigstore.json',
      () => ({ 'a.sigstore.json': 'notes' }),
      false
    ],
    ['our certificate', 'pem', 'a.pem', () => ({ 'a.pem': pem('ours') }), true],
    ["another repository's certificate", 'pem', 'a.pem', () => ({ 'a.pem': pem('theirs') }), false],
    [
      'our signature beside our certificate',
      'sig',
      'a.sig',
      () => ({ 'a.sig': sig('ours'), 'a.pem': pem('ours') }),
      true
    ],
    [
      'our signature beside our bundle only',
      'sig',
      'a.sig',
      () => ({ 'a.sig': sig('ours'), 'a.sigstore.json': bundleText('ours') }),
      true
    ],
    [
      'our signature beside our certificate still under its temporary name',
      'sig',
      'a.sig',
      () => ({ 'a.sig': sig('ours'), 'a.pem.sign-release-tmp': pem('ours') }),
      true
    ],
    ['our signature alone', 'sig', 'a.sig', () => ({ 'a.sig': sig('ours') }), false],
    [
      "another repository's signature beside our certificate",
      'sig',
      'a.sig',
      () => ({ 'a.sig': sig('theirs'), 'a.pem': pem('ours') }),
      false
    ],
    [
      "another repository's signature and certificate",
      'sig',
      'a.sig',
      () => ({ 'a.sig': sig('theirs'), 'a.pem': pem('theirs') }),
      false
    ],
    [
      'a PGP signature beside our certificate',
      'sig',
      'a.sig',
      () => ({ 'a.sig': '-----BEGIN PGP SIGNATURE-----\n', 'a.pem': pem('ours') }),
      false
    ],
    [
      'a checksums file with our bundle',
      'checksums',
      'SUMS',
      () => ({ SUMS: `${sha('x')}  a\n`, 'SUMS.sigstore.json': bundleText('ours') }),
      true
    ],
    [
      'a checksums file with our bundle still under its temporary name',
      'checksums',
      'SUMS',
      () => ({
        SUMS: `${sha('x')}  a\n`,
        'SUMS.sigstore.json.sign-release-tmp': bundleText('ours')
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
      () => ({ 'a.txt': 'hello', 'a.txt.sigstore.json': bundleText('ours') }),
      false
    ],
    [
      'a message bundle where a statement should be',
      'statement',
      'p.jsonl',
      () => ({ 'p.jsonl': bundleText('ours') }),
      false
    ]
  ] as const)('%s: %s', async (_name, kind, file, files, expected) => {
    expect(await judged(kind, file, files())).toBe(expected)
  })

  it('recognises a signature of ours over the digest our bundle recorded, after the asset changed', async () => {
    const files = { 'a.sig': sig('ours'), 'a.sigstore.json': bundleText('ours') }
    expect(await judged('sig', 'a.sig', files, sha('app v2'))).toBe(true)
    expect(await judged('sig', 'a.sig', { 'a.sig': sig('ours') }, sha('app v2'))).toBe(false)
  })

  it('takes a file too large to be ours for not ours, but never a failed read', async () => {
    const ctx = release({ 'a.pem': pem('ours') })
    const asset = ctx.byName.get('a.pem') as Asset
    const tooLarge = { ...ctx, read: () => Promise.reject(new TooLargeError(16)) }
    expect(await isOurs('pem', 'a.pem', asset, tooLarge)).toBe(false)
    const offline = { ...ctx, read: () => Promise.reject(new Error('socket hang up')) }
    await expect(isOurs('pem', 'a.pem', asset, offline)).rejects.toThrow('socket hang up')
  })
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
    const ctx = release({ 'a.sigstore.json': bundleText('ours'), 'a.sig': sig('ours') })
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
      const ctx = release({ 'a.pem': pem('theirs') })
      await expect(
        reconcile(subject, { kinds: ['bundle', 'sig', 'pem'], onExisting, ownership: ctx })
      ).rejects.toMatchObject({ code: 'FOREIGN_FILE', message: expect.stringContaining('"a.pem"') })
    }
  )
})
