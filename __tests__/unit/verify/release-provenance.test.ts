/**
 * The release's SLSA provenance as a downloader checks it, on real statements signed by the
 * sandbox's Fulcio and logged in its Rekor: verified for the expected workflow, built by it, and
 * covering each file by name and digest; other statements (an SBOM) are passed over.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CYCLONEDX_TYPE, SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { type SignContext } from '../../../src/sign/context.js'
import { signStatement } from '../../../src/sign/provenance.js'
import type { IdentityPolicy } from '../../../src/verify/bundle.js'
import { coverage, readProvenance } from '../../../src/verify/release-provenance.js'
import { parseTrustedRoot, trustFor, type TrustFor } from '../../../src/verify/trust.js'
import {
  actionSigning,
  stackPolicy,
  startStack,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
const SUBJECTS = [{ name: 'app.zip', sha256: sha('app') }]
let stack: Stack
let context: SignContext
let trust: TrustFor
let policy: IdentityPolicy

async function line(predicateType: string, builder: string): Promise<string> {
  const statement = statementFor(SUBJECTS, predicateType, {
    buildDefinition: {},
    runDetails: { builder: { id: builder } }
  })
  return JSON.stringify(await signStatement(context, statement))
}

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  const root = parseTrustedRoot(stack.sigstore.trustedRoot())
  context = await actionSigning(stack)
  trust = trustFor([root])
  policy = stackPolicy(stack)
})
afterAll(async () => {
  await stack.close()
})

describe('readProvenance', () => {
  it('takes the first SLSA statement, passing over an SBOM statement', async () => {
    const sbom = await line(CYCLONEDX_TYPE, policy.san as string)
    const slsa = await line(SLSA_PROVENANCE_TYPE, policy.san as string)
    const read = readProvenance(trust, policy, [
      { name: 'sbom.intoto.jsonl', line: sbom },
      { name: 'multiple.intoto.jsonl', line: slsa }
    ])
    expect(read).toMatchObject({
      name: 'multiple.intoto.jsonl',
      check: { status: 'ok' },
      statement: { predicateType: SLSA_PROVENANCE_TYPE }
    })
    expect(
      readProvenance(trust, policy, [{ name: 'sbom.intoto.jsonl', line: sbom }])
    ).toBeUndefined()
    expect(readProvenance(trust, policy, [])).toBeUndefined()
  })

  it('fails provenance built by another workflow than the one that signed it', async () => {
    const read = readProvenance(trust, policy, [
      { name: 'p.intoto.jsonl', line: await line(SLSA_PROVENANCE_TYPE, 'https://example/builder') }
    ])
    expect(read?.check).toEqual({
      status: 'failed',
      detail: 'the builder is https://example/builder, not the expected workflow'
    })
    expect(read?.statement).toBeUndefined()
  })

  it('fails provenance that does not verify for the expected identity, or is not a bundle', async () => {
    const slsa = await line(SLSA_PROVENANCE_TYPE, policy.san as string)
    const other = { ...policy, san: `${policy.san as string}-other` }
    expect(readProvenance(trust, other, [{ name: 'p', line: slsa }])?.check.status).toBe('failed')
    expect(
      readProvenance(trust, policy, [{ name: 'p', line: '{"not":"a bundle"}' }])?.check.status
    ).toBe('failed')
    expect(readProvenance(trust, policy, [{ name: 'p', line: 'text' }])?.check.status).toBe(
      'failed'
    )
  })
  it('does not let a statement file that fails hide a valid provenance beside it', async () => {
    const slsa = await line(SLSA_PROVENANCE_TYPE, policy.san as string)
    const broken = { name: 'attestation.intoto.jsonl', line: '{"not":"a bundle"}' }
    const read = readProvenance(trust, policy, [
      broken,
      { name: 'multiple.intoto.jsonl', line: slsa }
    ])
    expect(read).toMatchObject({ name: 'multiple.intoto.jsonl', check: { status: 'ok' } })
    // Alone, the file that fails is what the release is judged by.
    expect(readProvenance(trust, policy, [broken])).toMatchObject({
      name: 'attestation.intoto.jsonl',
      check: { status: 'failed' }
    })
  })
})

describe('coverage', () => {
  it('checks each file by name and digest against the provenance', async () => {
    const read = readProvenance(trust, policy, [
      {
        name: 'multiple.intoto.jsonl',
        line: await line(SLSA_PROVENANCE_TYPE, policy.san as string)
      }
    ])
    expect(coverage(read, 'app.zip', sha('app'))).toEqual({ status: 'ok' })
    expect(coverage(read, 'app.zip', sha('other'))).toEqual({
      status: 'failed',
      detail: 'multiple.intoto.jsonl does not cover this file'
    })
    expect(coverage(read, 'lib.zip', sha('app')).status).toBe('failed')
  })

  it('says provenance is missing, or that the one found does not verify', () => {
    expect(coverage(undefined, 'app.zip', sha('app'))).toEqual({
      status: 'missing',
      detail: 'no provenance on the release'
    })
    expect(
      coverage({ name: 'p.jsonl', check: { status: 'failed' } }, 'app.zip', sha('app'))
    ).toEqual({ status: 'failed', detail: 'p.jsonl does not verify' })
  })
})
