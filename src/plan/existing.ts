/**
 * What the plan needs to judge files already on the release: their bytes (small files only, read
 * once each, shared by the ownership and reuse checks) and a verifier for this run's identity.
 */
import type { Asset, AssetsClient } from '../github/assets.js'
import { readAll, TooLargeError } from '../util/stream.js'
import type { SelfVerifier } from '../verify/self.js'
import type { ExistingVerifier } from './index.js'
import { firstBundle } from '../bundle-lines.js'

/** Existing files are read only when small: sidecars and statements, never assets. */
const EXISTING_LIMIT = 16 * 1024 * 1024

export function existingReader(assets: AssetsClient): (asset: Asset) => Promise<Buffer> {
  const cache = new Map<number, Promise<Buffer>>()
  return (asset) => {
    let bytes = cache.get(asset.id)
    if (!bytes) {
      bytes =
        asset.size > EXISTING_LIMIT
          ? Promise.reject(new TooLargeError(EXISTING_LIMIT))
          : assets.read(asset, (stream) => readAll(stream, EXISTING_LIMIT))
      cache.set(asset.id, bytes)
    }
    return bytes
  }
}

export function existingVerifier(verifier: SelfVerifier): ExistingVerifier {
  return {
    verify: (bundle, sha256) => verifier.verify('existing bundle', bundle, sha256),
    statementOf: (content) => {
      const bundle = firstBundle(content)
      if (!bundle) throw new Error('not a Sigstore bundle')
      return verifier.verifyStatement('the file on the release', bundle)
    }
  }
}
