/**
 * Trust material for verifying: trusted roots read from a file (one root, or JSON Lines of several
 * kept apart), log keys without a start of validity dropped, and per bundle the root whose CA issued
 * its certificate. Bundles are made for real by the sandbox's two instances: a public-good-like one
 * (Fulcio, Rekor, CT log) and a GitHub-like one (its own CA, timestamps, no log).
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, Verifier } from '@sigstore/verify'
import { witnessesFor } from '../../../src/sign/context.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { createRunSigner } from '../../../src/sign/signer.js'
import {
  parseTrustedRoot,
  productionTrustedRoot,
  readTrustedRoots,
  trustFor,
  withoutOpenEndedKeys,
  type TrustChoice
} from '../../../src/verify/trust.js'
import { startStack, type Stack } from '../../sandbox/sigstore-fixture.js'

const FETCH = { timeout: 5000, retry: { retries: 0, minTimeout: 0, factor: 1 } }
const DATA = Buffer.from('app v1')
const DIGEST = createHash('sha256').update(DATA).digest()

let stack: Stack
let publicRoot: TrustedRoot
let githubRoot: TrustedRoot
/** The same bytes signed by each instance. */
let publicBundle: Bundle
let githubBundle: Bundle

async function sign(fulcioUrl: string, instance: { rekorUrl?: string; tsaUrl?: string }) {
  const signer = await createRunSigner(fulcioUrl, await stack.oidc.mint('sigstore'), FETCH)
  const witnesses = witnessesFor({ name: 'custom', fulcioUrl, ...instance } as never, FETCH)
  return bundleFromJSON(await signDigestBundle(signer, witnesses, DIGEST))
}

beforeAll(async () => {
  stack = await startStack()
  publicRoot = parseTrustedRoot(stack.sigstore.trustedRoot())
  githubRoot = parseTrustedRoot(stack.sigstore.githubTrustedRoot())
  publicBundle = await sign(stack.sigstore.fulcioUrl, { rekorUrl: stack.sigstore.rekorUrl })
  githubBundle = await sign(`${stack.sigstore.fulcioUrl}/github`, {
    tsaUrl: stack.sigstore.tsaUrl
  })
})
afterAll(async () => {
  await stack.close()
})

/** Verifies the bundle against a choice as the CLI does: a log only where the instance has one. */
function verifies(choice: TrustChoice, bundle: Bundle): boolean {
  const verifier = new Verifier(choice.trust, {
    tlogThreshold: choice.requireTlog ? 1 : 0,
    ctlogThreshold: choice.requireTlog ? 1 : 0,
    timestampThreshold: choice.requireTlog ? 0 : 1
  })
  try {
    verifier.verify(toSignedEntity(bundle, DATA))
    return true
  } catch {
    return false
  }
}

describe('trustFor', () => {
  it('chooses for each bundle the root whose CA issued its certificate, whatever the order', () => {
    for (const roots of [
      [publicRoot, githubRoot],
      [githubRoot, publicRoot]
    ]) {
      const choose = trustFor(roots)
      const forPublic = choose(publicBundle)
      const forGithub = choose(githubBundle)
      expect(forPublic.requireTlog).toBe(true)
      expect(forGithub.requireTlog).toBe(false)
      expect(verifies(forPublic, publicBundle)).toBe(true)
      expect(verifies(forGithub, githubBundle)).toBe(true)
      // Each root's rules apply to its own certificates only.
      expect(verifies(forPublic, githubBundle)).toBe(false)
      expect(verifies(forGithub, publicBundle)).toBe(false)
      // One trust material per root, reused.
      expect(choose(publicBundle)).toBe(forPublic)
    }
  })

  it('falls back to the first root when no CA issued the certificate, so verification says why', () => {
    const noCa = { ...publicRoot, certificateAuthorities: [] }
    const choice = trustFor([noCa, githubRoot])(publicBundle)
    expect(choice.requireTlog).toBe(true)
    expect(verifies(choice, publicBundle)).toBe(false)
    expect(() => trustFor([])).toThrow('no trusted root')
  })

  it('trusts a managed public key only when one is given', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString()
    const withKey = trustFor([publicRoot], pem)(publicBundle)
    expect(withKey.trust.publicKey('any hint').publicKey.equals(publicKey)).toBe(true)
    const without = trustFor([publicRoot])(publicBundle)
    expect(() => without.trust.publicKey('any hint')).toThrow()
  })
})

describe('trusted roots from a file', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trust-'))
  })
  const file = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text)
    return join(dir, name)
  }

  it('reads one trusted_root.json, pretty-printed or not', async () => {
    const json = stack.sigstore.trustedRoot()
    const roots = await readTrustedRoots(await file('one.json', JSON.stringify(json, null, 2)))
    expect(roots).toHaveLength(1)
    expect(roots[0]?.tlogs).toHaveLength(publicRoot.tlogs.length)
  })

  it('reads JSON Lines of several roots, as gh attestation trusted-root prints, in order', async () => {
    const lines = [stack.sigstore.trustedRoot(), stack.sigstore.githubTrustedRoot()]
      .map((root) => JSON.stringify(root))
      .join('\n')
    const roots = await readTrustedRoots(await file('two.jsonl', `${lines}\n\n`))
    expect(roots.map((root) => root.tlogs.length > 0)).toEqual([true, false])
  })

  it('names the line that is not JSON, and refuses an empty file', async () => {
    const good = JSON.stringify(stack.sigstore.trustedRoot())
    await expect(readTrustedRoots(await file('bad.jsonl', `${good}\n{oops\n`))).rejects.toThrow(
      /^line 2: /
    )
    await expect(readTrustedRoots(await file('empty.json', ''))).rejects.toThrow()
  })
})

describe('trust material', () => {
  it('drops log keys without a start of validity', () => {
    const root = productionTrustedRoot()
    expect(root.tlogs.length).toBeGreaterThan(0)
    const open = {
      ...root,
      tlogs: root.tlogs.map((t, i) =>
        i === 0 ? { ...t, publicKey: t.publicKey && { ...t.publicKey, validFor: undefined } } : t
      )
    }
    expect(withoutOpenEndedKeys(open).tlogs).toHaveLength(root.tlogs.length - 1)
  })

  it('drops them from a parsed root too, CT logs included', () => {
    const json = stack.sigstore.trustedRoot() as {
      ctlogs: { publicKey: { validFor?: unknown } }[]
    }
    const open = {
      ...json,
      ctlogs: json.ctlogs.map((log) => ({
        ...log,
        publicKey: { ...log.publicKey, validFor: undefined }
      }))
    }
    expect(parseTrustedRoot(open).ctlogs).toEqual([])
    // The CT log gone, the public-good-like bundle no longer verifies.
    expect(verifies(trustFor([parseTrustedRoot(open)])(publicBundle), publicBundle)).toBe(false)
  })
})
