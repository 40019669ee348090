/**
 * GitHub's release attestation as the sandbox signs it, judged by src/verify/release-attestation.ts:
 * it must verify on GitHub's instance and list every signed file with the signed digest, and no
 * file the run did not know of.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import type { TrustMaterial } from '@sigstore/verify'
import type { Sandbox } from '../../sandbox/index.js'
import { RELEASE_ATTESTATION_TYPE } from '../../src/intoto.js'
import { trustMaterialFrom } from '../../src/verify/bundle.js'
import { checkReleaseAttestation } from '../../src/verify/release-attestation.js'
import { startTestSandbox } from '../helpers/sandbox.js'

let sandbox: Sandbox
let github: TrustMaterial
let publicGood: TrustMaterial

beforeAll(async () => {
  sandbox = await startTestSandbox()
  github = trustMaterialFrom(TrustedRoot.fromJSON(sandbox.sigstore.githubTrustedRoot()))
  publicGood = trustMaterialFrom(TrustedRoot.fromJSON(sandbox.sigstore.trustedRoot()))
})
afterAll(async () => {
  await sandbox.close()
})

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)

function attestation(
  assets: Record<string, string>,
  predicateType = RELEASE_ATTESTATION_TYPE
): Promise<Record<string, unknown>> {
  return sandbox.sigstore.attestRelease({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { uri: 'pkg:github/o/r@v1', digest: { sha1: '0'.repeat(40) } },
      ...Object.entries(assets).map(([name, sha256]) => ({ name, digest: { sha256 } }))
    ],
    predicateType,
    predicate: { tag: 'v1' }
  })
}

const expected = {
  signed: [{ name: 'app.bin', sha256: A }],
  known: new Set(['app.bin.sigstore.json', 'notes.txt'])
}

describe("GitHub's release attestation", () => {
  it('verifies when it lists the signed files with their digests, and files the run knew of', async () => {
    const bundle = await attestation({ 'app.bin': A, 'app.bin.sigstore.json': B, 'notes.txt': B })
    expect(checkReleaseAttestation([bundle], () => github, expected)).toEqual({
      status: 'verified'
    })
  })

  it.each([
    [{ 'app.bin': B }, `it lists "app.bin" with sha256 ${B}, but ${A} was signed`],
    [{ 'notes.txt': B }, 'it does not list "app.bin"'],
    [
      { 'app.bin': A, 'late.bin': B },
      'it lists "late.bin", which was not on the release when it was signed'
    ]
  ])('fails when it lists %j', async (assets, detail) => {
    const bundle = await attestation(assets)
    expect(checkReleaseAttestation([bundle], () => github, expected)).toEqual({
      status: 'failed',
      detail
    })
  })

  it("fails when it is not signed on GitHub's instance", async () => {
    const bundle = await attestation({ 'app.bin': A })
    const check = checkReleaseAttestation([bundle], () => publicGood, expected)
    expect(check.status).toBe('failed')
    expect(check.detail).toMatch(/^it does not verify as GitHub's: /)
  })

  it('fails when GitHub holds no release attestation, only other statements', async () => {
    const bundle = await attestation({ 'app.bin': A }, 'https://slsa.dev/provenance/v1')
    expect(checkReleaseAttestation([bundle], () => github, expected)).toEqual({
      status: 'failed',
      detail: "GitHub's attestations API holds no release attestation for it"
    })
  })
})
