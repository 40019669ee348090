/**
 * Our names: sidecars beside the stored name, GitHub's renaming predicted (one table of GitHub's
 * documented behaviour, run against the sandbox's stand-in and against the action), and our own
 * outputs recognised among a release's files.
 */
import { describe, expect, it } from '@jest/globals'
import { sanitizeAssetName } from '../../sandbox/github/names.js'
import { isOwnOutput, isTempName, sidecarName, storedName, tempName } from '../../src/names.js'
import { ASSET_NAME_CASES } from '../tables/asset-names.js'

describe('names', () => {
  it('puts sidecars beside the stored name', () => {
    expect(sidecarName('tool.tar.gz', 'bundle')).toBe('tool.tar.gz.sigstore.json')
    expect(sidecarName('tool.tar.gz', 'sig')).toBe('tool.tar.gz.sig')
    expect(sidecarName('tool.tar.gz', 'pem')).toBe('tool.tar.gz.pem')
  })

  it('predicts how GitHub stores special characters', () => {
    expect(storedName('my tool (linux).tar.gz')).toBe('my.tool.linux.tar.gz')
    expect(storedName('test~file!!!')).toBe('test.file')
    expect(storedName('naïve-ŋ.bin')).toBe('naive-ng.bin')
    expect(storedName('.config')).toBe('default.config')
    expect(storedName('plain-1.0_x+y.zip')).toBe('plain-1.0_x+y.zip')
  })

  it('recognises its own outputs and nothing else', () => {
    const names = new Set(['a.zip', 'a.zip.sig', 'lonely.pem', 'SHA256SUMS'])
    expect(isOwnOutput('a.zip.sig', names, [])).toBe(true)
    expect(isOwnOutput('lonely.pem', names, [])).toBe(false)
    expect(isOwnOutput('a.zip', names, [])).toBe(false)
    expect(isOwnOutput('SHA256SUMS', names, ['SHA256SUMS'])).toBe(true)
    expect(isOwnOutput('SHA256SUMS.sigstore.json', names, ['SHA256SUMS'])).toBe(true)
    expect(isOwnOutput(tempName('a.zip.sig'), names, [])).toBe(true)
    expect(isTempName('a.zip')).toBe(false)
  })
})

describe.each([
  ['the sandbox (GitHub)', sanitizeAssetName],
  ['the action (src/names.ts)', storedName]
])('%s', (_who, rename) => {
  it.each(ASSET_NAME_CASES)('stores $given as $stored ($source)', ({ given, stored }) => {
    expect(rename(given)).toBe(stored)
  })
})
