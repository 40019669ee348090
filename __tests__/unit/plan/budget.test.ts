/** GitHub's per-release and per-hour limits, checked before the first write, with the arithmetic in the refusal. */
import { describe, expect, it } from '@jest/globals'
import { checkBudget, requestsFor } from '../../../src/plan/budget.js'

import type { Asset } from '../../../src/github/assets.js'

const asset = (state: string): Asset => ({
  id: 1,
  name: 'x',
  size: 1,
  state,
  contentType: 'text/plain'
})

describe('request budget', () => {
  it('passes within the limits and says how long the per-minute limit stretches the writes', () => {
    const budget = checkBudget({ existingAssets: 10, newAssets: 30, contentRequests: 200 })
    expect(budget.assetsAfter).toBe(40)
    expect(budget.minimumMinutes).toBe(2)
    expect(
      checkBudget({ existingAssets: 0, newAssets: 0, contentRequests: 0 }).minimumMinutes
    ).toBe(0)
  })

  it('refuses more than 1000 assets with the arithmetic and a way out', () => {
    expect(() => checkBudget({ existingAssets: 251, newAssets: 753, contentRequests: 10 })).toThrow(
      "The release would hold 1004 assets (251 now + 753 new), over GitHub's limit of 1000"
    )
  })

  it('refuses more than 500 content-creating requests an hour', () => {
    expect(() => checkBudget({ existingAssets: 0, newAssets: 10, contentRequests: 501 })).toThrow(
      '501 content-creating requests'
    )
  })

  it('counts the requests of an upload, a replacement and a repair', () => {
    expect(requestsFor({})).toBe(1)
    expect(requestsFor({ replace: asset('uploaded') })).toBe(3)
    expect(requestsFor({ replace: asset('starter') })).toBe(2)
    expect(requestsFor({ replace: asset('uploaded'), staleTemp: asset('uploaded') })).toBe(4)
  })
})
