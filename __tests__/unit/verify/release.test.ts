/**
 * `verifyRelease` in process, as a downloader's `sign-release verify` runs it: files signed by the
 * sandbox's Fulcio and logged in its Rekor for a real workflow token, with a signed checksums file
 * and a signed SLSA provenance. Each case changes one thing about an otherwise valid release.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { renderChecksums } from '../../../src/checksums.js'
import { SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { tempName } from '../../../src/names.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { signStatement } from '../../../src/sign/provenance.js'
import { startSigning, type SignContext } from '../../../src/sign/context.js'
import type { Instance } from '../../../src/sigstore/instance.js'
import { verifyRelease, type ReleaseVerdict } from '../../../src/verify/release.js'
import { parseTrustedRoot, trustFor } from '../../../src/verify/trust.js'
import { jobWorkflowRef } from '../../../sandbox/oidc/context.js'
import { startStack, type Stack } from '../../sandbox/sigstore-fixture.js'

const REPOSITORY = 'octo-org/app'
let stack: Stack
let context: SignContext
let san: string

const sha = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')
const ASSETS = { 'app.tar.gz': Buffer.from('app v1'), 'app.zip': Buffer.from('app v1 zip') }

async function bundleFor(bytes: Buffer | string): Promise<string> {
  return JSON.stringify(
    await signDigestBundle(context.signer, context.witnesses, Buffer.from(sha(bytes), 'hex'))
  )
}

async function provenanceFor(
  subjects: { name: string; sha256: string }[],
  builder = san
): Promise<string> {
  const statement = statementFor(subjects, SLSA_PROVENANCE_TYPE, {
    buildDefinition: {},
    runDetails: { builder: { id: builder } }
  })
  const bundle: SerializedBundle = await signStatement(context, statement)
  return JSON.stringify(bundle) + '\n'
}

/** A complete, valid release: assets, their bundles, SHA256SUMS and its bundle, the provenance. */
async function validRelease(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  const subjects = Object.entries(ASSETS).map(([name, bytes]) => ({ name, sha256: sha(bytes) }))
  for (const [name, bytes] of Object.entries(ASSETS)) {
    files.set(name, bytes)
    files.set(`${name}.sigstore.json`, Buffer.from(await bundleFor(bytes)))
  }
  const sums = renderChecksums(subjects)
  files.set('SHA256SUMS', sums)
  files.set('SHA256SUMS.sigstore.json', Buffer.from(await bundleFor(sums)))
  files.set(
    'multiple.intoto.jsonl',
    Buffer.from(await provenanceFor([...subjects, { name: 'SHA256SUMS', sha256: sha(sums) }]))
  )
  return files
}

let valid: Map<string, Buffer>

function verify(files: Map<string, Buffer>): Promise<ReleaseVerdict> {
  const root = parseTrustedRoot(stack.sigstore.trustedRoot())
  return verifyRelease({
    files: {
      names: [...files.keys()],
      open: (name) => Promise.resolve(Readable.from([files.get(name) ?? Buffer.alloc(0)]))
    },
    trust: trustFor([root]),
    policy: { san, issuer: stack.oidc.issuer },
    checksumsName: 'SHA256SUMS'
  })
}

const checksOf = (verdict: ReleaseVerdict, name: string) =>
  verdict.assets.find((a) => a.name === name)

beforeAll(async () => {
  stack = await startStack({ repository: REPOSITORY })
  san = `https://github.com/${jobWorkflowRef(stack.oidc.setContext({}))}`
  const instance: Instance = {
    name: 'custom',
    fulcioUrl: stack.sigstore.fulcioUrl,
    rekorUrl: stack.sigstore.rekorUrl,
    tsaUrl: stack.sigstore.tsaUrl,
    trustedRoot: parseTrustedRoot(stack.sigstore.trustedRoot())
  }
  context = await startSigning(instance, await stack.oidc.mint('sigstore'))
  valid = await validRelease()
})
afterAll(async () => {
  await stack.close()
})

describe('verifyRelease', () => {
  it('accepts a complete release: every asset signed, covered by the provenance, listed', async () => {
    const verdict = await verify(valid)
    expect(verdict.ok).toBe(true)
    // Sidecars, the checksums file and the provenance are the release's own files, not assets.
    expect(verdict.assets.map((a) => a.name)).toEqual(['app.tar.gz', 'app.zip'])
    expect(checksOf(verdict, 'app.zip')).toMatchObject({
      sha256: sha(ASSETS['app.zip']),
      signature: { status: 'ok' },
      provenance: { status: 'ok' },
      checksums: { status: 'ok' },
      authorization: { status: 'missing' }
    })
    expect(verdict.provenanceFile).toEqual({ name: 'multiple.intoto.jsonl', status: 'ok' })
    expect(verdict.checksumsFile).toEqual({ name: 'SHA256SUMS', status: 'ok' })
  })

  it('fails an asset whose bytes changed, on its signature, the provenance and the checksums', async () => {
    const files = new Map(valid).set('app.zip', Buffer.from('app v1 zip, tampered'))
    const verdict = await verify(files)
    expect(verdict.ok).toBe(false)
    expect(checksOf(verdict, 'app.zip')).toMatchObject({
      signature: { status: 'failed' },
      provenance: { status: 'failed', detail: 'multiple.intoto.jsonl does not cover this file' },
      checksums: { status: 'failed', detail: `the checksums file says ${sha(ASSETS['app.zip'])}` },
      ok: false
    })
    expect(checksOf(verdict, 'app.tar.gz')?.ok).toBe(true)
  })

  it('reports an asset without a bundle as unsigned, and the release as failing', async () => {
    const files = new Map(valid)
    files.delete('app.zip.sigstore.json')
    const verdict = await verify(files)
    expect(checksOf(verdict, 'app.zip')?.signature).toEqual({
      status: 'missing',
      detail: 'no app.zip.sigstore.json: unsigned'
    })
    expect(verdict.ok).toBe(false)
  })

  it('fails every file when the checksums file is not validly signed', async () => {
    const files = new Map(valid).set(
      'SHA256SUMS.sigstore.json',
      valid.get('app.zip.sigstore.json') as Buffer
    )
    const verdict = await verify(files)
    expect(verdict.checksumsFile?.status).toBe('failed')
    expect(checksOf(verdict, 'app.tar.gz')?.checksums).toEqual({
      status: 'failed',
      detail: 'the checksums file is not validly signed'
    })
    expect(verdict.ok).toBe(false)
  })

  it('fails a provenance whose builder is not the expected workflow', async () => {
    const subjects = Object.entries(ASSETS).map(([name, bytes]) => ({ name, sha256: sha(bytes) }))
    const other = 'https://github.com/octo-org/app/.github/workflows/other.yml@refs/heads/main'
    const files = new Map(valid).set(
      'multiple.intoto.jsonl',
      Buffer.from(await provenanceFor(subjects, other))
    )
    const verdict = await verify(files)
    expect(verdict.provenanceFile).toEqual({
      name: 'multiple.intoto.jsonl',
      status: 'failed',
      detail: `the builder is ${other}, not the expected workflow`
    })
    expect(checksOf(verdict, 'app.zip')?.provenance.status).toBe('failed')
  })

  it('treats a missing provenance and checksums file as missing, not failed', async () => {
    const files = new Map([...valid].filter(([name]) => name.startsWith('app.')))
    const verdict = await verify(files)
    expect(checksOf(verdict, 'app.zip')).toMatchObject({
      provenance: { status: 'missing' },
      checksums: { status: 'missing' },
      ok: true
    })
    expect(verdict.ok).toBe(true)
  })

  it('does not count an interrupted run’s temporary upload as an asset', async () => {
    const files = new Map(valid).set(tempName('app.zip.sigstore.json'), Buffer.from('{}'))
    const verdict = await verify(files)
    expect(verdict.assets.map((a) => a.name)).toEqual(['app.tar.gz', 'app.zip'])
    expect(verdict.ok).toBe(true)
  })

  it('fails a release with no assets at all', async () => {
    expect((await verify(new Map())).ok).toBe(false)
  })
})
