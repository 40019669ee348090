/**
 * The verdict on a release: a file passes with a valid signature and no failed check (a missing
 * provenance, checksums file or authorisation is only reported); the release passes when it has
 * files, each passes, and no release-level file failed.
 */
import { describe, expect, it } from '@jest/globals'
import {
  assetOk,
  releaseOk,
  type AssetVerdict,
  type Check
} from '../../../src/verify/release-verdict.js'

const ok: Check = { status: 'ok' }
const missing: Check = { status: 'missing' }
const failed: Check = { status: 'failed' }
const checks = { signature: ok, provenance: ok, checksums: ok, authorization: ok }
const asset = (good: boolean): AssetVerdict => ({ name: 'a', sha256: 'x', ...checks, ok: good })

describe('assetOk', () => {
  it('needs the signature, and no other check failed', () => {
    expect(assetOk(checks)).toBe(true)
    expect(
      assetOk({ signature: ok, provenance: missing, checksums: missing, authorization: missing })
    ).toBe(true)
    expect(assetOk({ ...checks, signature: missing })).toBe(false)
    expect(assetOk({ ...checks, signature: failed })).toBe(false)
    for (const check of ['provenance', 'checksums', 'authorization'] as const)
      expect(assetOk({ ...checks, [check]: failed })).toBe(false)
  })
})

describe('releaseOk', () => {
  it('needs files, each passing, and no release-level file failing', () => {
    expect(releaseOk({ assets: [asset(true)] })).toBe(true)
    expect(releaseOk({ assets: [] })).toBe(false)
    expect(releaseOk({ assets: [asset(true), asset(false)] })).toBe(false)
    for (const file of ['provenanceFile', 'checksumsFile', 'authorizationFile'] as const) {
      expect(releaseOk({ assets: [asset(true)], [file]: { name: 'f', ...failed } })).toBe(false)
      expect(releaseOk({ assets: [asset(true)], [file]: { name: 'f', ...ok } })).toBe(true)
    }
  })
})
