/**
 * GitHub's limits, checked before anything is written: at most 1000 assets a release, and secondary
 * limits of 80 content-creating requests a minute and 500 an hour.
 */
import { UserError } from '../errors.js'
import type { Asset } from '../github/assets.js'

import {
  CONTENT_REQUESTS_PER_HOUR,
  CONTENT_REQUESTS_PER_MINUTE,
  MAX_ASSETS_PER_RELEASE
} from '../github/limits.js'

export interface BudgetInput {
  /** Assets on the release now. */
  existingAssets: number
  /** New assets this run adds (local files, sidecars, release-level files), net of replacements. */
  newAssets: number
  /** Uploads, deletes, renames, publishing, attestations. */
  contentRequests: number
}

export interface Budget extends BudgetInput {
  assetsAfter: number
  /** Minutes GitHub's per-minute limit stretches the writes over, at the least. */
  minimumMinutes: number
}

export function checkBudget(input: BudgetInput): Budget {
  const assetsAfter = input.existingAssets + input.newAssets
  if (assetsAfter > MAX_ASSETS_PER_RELEASE) {
    throw new UserError(
      'BUDGET',
      `The release would hold ${assetsAfter} assets (${input.existingAssets} now + ${input.newAssets} new), over GitHub's limit of ${MAX_ASSETS_PER_RELEASE}`,
      "upload fewer sidecars (e.g. 'sidecars: bundle' adds one file per asset instead of three), or sign fewer assets with 'assets'"
    )
  }
  if (input.contentRequests > CONTENT_REQUESTS_PER_HOUR) {
    throw new UserError(
      'BUDGET',
      `This run needs ${input.contentRequests} content-creating requests, over GitHub's secondary limit of ${CONTENT_REQUESTS_PER_HOUR} an hour`,
      "upload fewer sidecars ('sidecars: bundle'), or split the assets over several runs with 'assets'"
    )
  }
  return {
    ...input,
    assetsAfter,
    minimumMinutes: Math.max(0, Math.ceil(input.contentRequests / CONTENT_REQUESTS_PER_MINUTE) - 1)
  }
}

/**
 * Content-creating requests of one upload: a replacement is upload, delete, rename (a broken
 * `starter` asset is only deleted), and a leftover temporary upload is deleted first.
 */
export function requestsFor(request: { replace?: Asset; staleTemp?: Asset }): number {
  const temp = request.staleTemp ? 1 : 0
  if (!request.replace) return 1 + temp
  return request.replace.state === 'uploaded' ? 3 + temp : 2 + temp
}
