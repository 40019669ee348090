/**
 * A repository's releases through the action's own Octokit, in process against the GitHub stand-in:
 * found by id (a missing one is a RELEASE error naming the repository), by tag with drafts included
 * (GitHub's get-by-tag skips drafts, so the list is paged through), and published.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { ReleasesClient } from '../../../src/github/releases.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

const REPO = 'octo-org/releases'
let h: Harness
let releases: ReleasesClient

function client(token: string): ReleasesClient {
  const { octokit } = createOctokit({ token, apiUrl: h.gh.apiUrl, log: silentLog })
  return new ReleasesClient(new RepoApi(octokit, { owner: 'octo-org', repo: 'releases' }))
}

beforeAll(async () => {
  h = await startHarness()
  releases = client(h.gh.token)
})
afterAll(async () => {
  await h.close()
})

describe('ReleasesClient', () => {
  it('reads a release by id, with its tag, state and upload URL', async () => {
    const created = h.gh.createRelease(REPO, { tag: 'v1', name: 'One', draft: true })
    expect(await releases.get(created.id)).toEqual({
      id: created.id,
      tagName: 'v1',
      name: 'One',
      draft: true,
      immutable: false,
      uploadUrl: created.upload_url,
      htmlUrl: created.html_url
    })
  })

  it('says a release id that does not exist was not found, naming the repository', async () => {
    await expect(releases.get(999999)).rejects.toMatchObject({
      code: 'RELEASE',
      message: `Release 999999 was not found in ${REPO}`
    })
  })

  it('finds a published release by tag, and a draft by paging through the list', async () => {
    const published = h.gh.createRelease(REPO, { tag: 'v2', draft: false })
    expect((await releases.findByTag('v2'))?.id).toBe(published.id)
    const draft = h.gh.createRelease(REPO, { tag: 'v3-draft', draft: true })
    // More than one page of newer releases above it.
    for (let i = 0; i < 101; i++) h.gh.createRelease(REPO, { tag: `later-${i}`, draft: true })
    const found = await releases.findByTag('v3-draft')
    expect(found).toMatchObject({ id: draft.id, draft: true })
    expect(await releases.findByTag('v404')).toBeUndefined()
  })

  it('does not see drafts with a token that cannot write contents', async () => {
    h.gh.createRelease(REPO, { tag: 'hidden', draft: true })
    expect(await client(h.gh.readOnlyToken).findByTag('hidden')).toBeUndefined()
  })

  it('publishes a draft, which an immutable repository then makes immutable', async () => {
    h.gh.repo(REPO).immutableReleases = true
    const draft = h.gh.createRelease(REPO, { tag: 'v4', draft: true })
    expect(await releases.publish(draft.id)).toMatchObject({ draft: false, immutable: true })
    h.gh.repo(REPO).immutableReleases = false
  })
})
