/** The OpenAPI checker itself: it must reject answers that depart from GitHub's description. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Exchange } from '../../sandbox/github/index.js'
import { openApi, startHarness, type Harness } from './github-harness.js'

describe('OpenAPI checker', () => {
  let h: Harness
  let created: Exchange
  let listed: Exchange

  beforeAll(async () => {
    h = await startHarness()
    const release = h.gh.createRelease('octo/check', { tag: 'v1', draft: true })
    await h.gh.uploadAsset('octo/check', release.id, 'a.txt', 'a')
    const headers = { authorization: `token ${h.gh.token}`, 'content-type': 'application/json' }
    await fetch(`${h.gh.apiUrl}/repos/octo/check/releases`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ tag_name: 'v2' })
    }).then((r) => r.json())
    await fetch(`${h.gh.apiUrl}/repos/octo/check/releases/${release.id}/assets`, { headers }).then(
      (r) => r.json()
    )
    const [first, second] = h.exchanges
    if (!first || !second) throw new Error('no exchanges')
    created = first
    listed = second
  })

  afterAll(() => h.close())

  const altered = (e: Exchange, change: Partial<Exchange>): Exchange => ({
    ...e,
    ...change,
    responseBody: structuredClone(change.responseBody ?? e.responseBody)
  })

  it('accepts what the stand-in served', () => {
    expect(openApi().check(created)).toEqual({
      operationId: 'repos/create-release',
      status: 201,
      documented: true
    })
    expect(openApi().check(listed).operationId).toBe('repos/list-release-assets')
  })

  it('rejects a release without a required field or with a wrong type', () => {
    const missing = altered(created, {})
    delete (missing.responseBody as Record<string, unknown>).upload_url
    expect(() => openApi().check(missing)).toThrow("must have required property 'upload_url'")
    const wrong = altered(created, {})
    ;(wrong.responseBody as Record<string, unknown>).immutable = 'no'
    expect(() => openApi().check(wrong)).toThrow('/immutable must be boolean')
  })

  it('accepts the starter state the description mentions, and no other', () => {
    const body = structuredClone(listed.responseBody) as { state: string }[]
    const [asset] = body
    if (!asset) throw new Error('no asset')
    asset.state = 'starter'
    expect(() => openApi().check(altered(listed, { responseBody: body }))).not.toThrow()
    asset.state = 'bogus'
    expect(() => openApi().check(altered(listed, { responseBody: body }))).toThrow(
      'must be equal to one of the allowed values'
    )
  })

  it('rejects an invalid request that was accepted, undocumented successes and unknown paths', () => {
    expect(() => openApi().check(altered(created, { requestBody: { draft: true } }))).toThrow(
      'an invalid request must be refused'
    )
    expect(() => openApi().check(altered(created, { status: 203 }))).toThrow(
      'undocumented success status'
    )
    expect(() => openApi().check(altered(created, { path: '/nowhere' }))).toThrow(
      'no such operation'
    )
    expect(() =>
      openApi().check(
        altered(created, { status: 401, responseBody: { message: 'Bad credentials' } })
      )
    ).toThrow('an error must carry message and documentation_url')
    expect(() => openApi().check(altered(created, { responseHeaders: {} }))).toThrow(
      'missing x-ratelimit-limit'
    )
  })
})
