/** GitHub's renaming, one table against the sandbox's implementation and the action's prediction. */
import { describe, expect, it } from '@jest/globals'
import { sanitizeAssetName } from '../../sandbox/github/names.js'
import { storedName } from '../../src/names.js'
import { ASSET_NAME_CASES } from '../tables/asset-names.js'

describe.each([
  ['the sandbox (GitHub)', sanitizeAssetName],
  ['the action (src/names.ts)', storedName]
])('%s', (_who, rename) => {
  it.each(ASSET_NAME_CASES)('stores $given as $stored ($source)', ({ given, stored }) => {
    expect(rename(given)).toBe(stored)
  })
})
