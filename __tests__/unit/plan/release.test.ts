/**
 * Which release a run signs: release-id, then tag, then the event that started the run; then that
 * release read from GitHub, with a clear refusal when it is missing or the two inputs disagree.
 */
import { describe, expect, it } from '@jest/globals'
import type { Release } from '../../../src/github/releases.js'
import { releaseTarget, resolveRelease } from '../../../src/plan/release.js'

describe('releaseTarget', () => {
  const event = { eventName: 'push', ref: 'refs/heads/main', payload: {} }
  it('prefers release-id, then tag, then the event', () => {
    expect(releaseTarget({ releaseId: 5 }, event)).toEqual({ id: 5 })
    // Both: by id, and the tag travels along to be checked against the release's.
    expect(releaseTarget({ releaseId: 5, tag: 'v1' }, event)).toEqual({ id: 5, tag: 'v1' })
    expect(releaseTarget({ tag: 'v1' }, event)).toEqual({ tag: 'v1' })
    expect(
      releaseTarget(
        {},
        { eventName: 'release', ref: 'refs/tags/v2', payload: { release: { id: 9 } } }
      )
    ).toEqual({ id: 9 })
    expect(releaseTarget({}, { ...event, ref: 'refs/tags/v3' })).toEqual({ tag: 'v3' })
    expect(() => releaseTarget({}, event)).toThrow(
      "No release to sign: the 'push' event on refs/heads/main names none"
    )
  })
})

describe('resolveRelease', () => {
  const release = (id: number, tagName: string): Release => ({
    id,
    tagName,
    name: tagName,
    draft: true,
    immutable: false,
    uploadUrl: '',
    htmlUrl: ''
  })
  /** The releases of a repository, as the adapter answers for them (drafts included by tag). */
  const github = {
    slug: 'o/r',
    releases: {
      get: (id: number) =>
        id === 5 ? Promise.resolve(release(5, 'v1')) : Promise.reject(new Error('404')),
      findByTag: (tag: string) => Promise.resolve(tag === 'v1' ? release(5, 'v1') : undefined)
    }
  } as unknown as Parameters<typeof resolveRelease>[0]

  it('reads the release by id, or by tag', async () => {
    expect((await resolveRelease(github, { id: 5 })).tagName).toBe('v1')
    expect((await resolveRelease(github, { id: 5, tag: 'v1' })).id).toBe(5)
    expect((await resolveRelease(github, { tag: 'v1' })).id).toBe(5)
  })

  it('refuses an id and a tag that name different releases', async () => {
    await expect(resolveRelease(github, { id: 5, tag: 'v2' })).rejects.toMatchObject({
      code: 'INPUT_CONFLICT',
      message: expect.stringContaining('release 5 has tag "v1", not "v2"')
    })
  })

  it('names the repository when no release has the tag', async () => {
    await expect(resolveRelease(github, { tag: 'v9' })).rejects.toMatchObject({
      code: 'RELEASE',
      message: "No release with tag 'v9' in o/r (drafts included)"
    })
  })
})
