/** The GitHub stand-in's repository and release endpoints, driven through Octokit. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  anonymous,
  checkAll,
  expectStatus,
  octokit,
  startHarness,
  type Harness,
  type Octokit
} from './github-harness.js'

const owner = 'octo'
const ref = { owner, repo: 'releases' }
const slug = `${owner}/releases`

describe('GitHub stand-in: releases', () => {
  let h: Harness
  let gh: Octokit
  let reader: Octokit

  beforeAll(async () => {
    h = await startHarness()
    gh = octokit(h.gh, h.gh.token)
    reader = octokit(h.gh, h.gh.readOnlyToken)
  })

  afterAll(async () => {
    await h.close()
    const results = checkAll(h.exchanges)
    const operations = new Set(results.map((r) => r.operationId))
    for (const id of [
      'repos/get',
      'repos/create-release',
      'repos/get-release',
      'repos/get-release-by-tag',
      'repos/get-latest-release',
      'repos/list-releases',
      'repos/update-release',
      'repos/delete-release'
    ]) {
      expect(operations).toContain(id)
    }
  })

  it('describes the repository as the full-repository schema, with the caller permissions', async () => {
    h.gh.repo('octo/org-repo').ownerType = 'Organization'
    const { data } = await gh.rest.repos.get({ owner, repo: 'org-repo' })
    expect(data).toMatchObject({
      full_name: 'octo/org-repo',
      private: false,
      visibility: 'public',
      owner: { login: 'octo', type: 'Organization' },
      permissions: { push: true, pull: true }
    })
    expect(data.id).toBe(h.gh.repo('octo/org-repo').id)
    const { data: seen } = await reader.rest.repos.get({ owner, repo: 'org-repo' })
    expect(seen.permissions?.push).toBe(false)
    const anon = await anonymous(h.gh, '/repos/octo/org-repo')
    expect(anon.status).toBe(200)
    expect((anon.body as { permissions?: unknown }).permissions).toBeUndefined()
  })

  it('creates a draft, which get-by-tag never finds but listing and get-by-id do', async () => {
    const {
      data: draft,
      status,
      headers
    } = await gh.rest.repos.createRelease({
      ...ref,
      tag_name: 'v1.0.0',
      name: 'v1.0.0',
      draft: true
    })
    expect(status).toBe(201)
    expect(headers.location).toBe(draft.url)
    expect(draft).toMatchObject({
      draft: true,
      immutable: false,
      published_at: null,
      tarball_url: null
    })
    expect(draft.upload_url).toBe(
      `${h.gh.uploadUrl}/repos/${slug}/releases/${draft.id}/assets{?name,label}`
    )
    expect(draft.html_url).toMatch(
      new RegExp(`^${h.gh.serverUrl}/${slug}/releases/tag/untagged-[0-9a-f]+$`)
    )

    expect(
      (await expectStatus(gh.rest.repos.getReleaseByTag({ ...ref, tag: 'v1.0.0' }))).status
    ).toBe(404)
    const listed = await gh.paginate(gh.rest.repos.listReleases, { ...ref, per_page: 100 })
    expect(listed.find((r) => r.tag_name === 'v1.0.0')?.id).toBe(draft.id)
    expect((await gh.rest.repos.getRelease({ ...ref, release_id: draft.id })).data.id).toBe(
      draft.id
    )

    // Only writers see drafts.
    expect(
      (await expectStatus(reader.rest.repos.getRelease({ ...ref, release_id: draft.id }))).status
    ).toBe(404)
    const { data: readable } = await reader.rest.repos.listReleases({ ...ref })
    expect(readable.some((r) => r.id === draft.id)).toBe(false)
  })

  it('publishes a draft, which then has a tag, a publication date and is latest', async () => {
    const draft = h.gh.listReleases(slug).find((r) => r.tag_name === 'v1.0.0')
    if (!draft) throw new Error('no draft')
    const { data } = await gh.rest.repos.updateRelease({
      ...ref,
      release_id: draft.id,
      draft: false
    })
    expect(data).toMatchObject({ draft: false, immutable: false, tag_name: 'v1.0.0' })
    expect(data.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(data.html_url).toBe(`${h.gh.serverUrl}/${slug}/releases/tag/v1.0.0`)
    expect((await gh.rest.repos.getReleaseByTag({ ...ref, tag: 'v1.0.0' })).data.id).toBe(draft.id)
    expect(
      (await anonymous(h.gh, `/repos/${slug}/releases/latest`).then((r) => r.body)) as {
        id: number
      }
    ).toMatchObject({ id: draft.id })
  })

  it('refuses a second published release for a tag with 422 already_exists', async () => {
    const { status, data } = await expectStatus(
      gh.rest.repos.createRelease({ ...ref, tag_name: 'v1.0.0' })
    )
    expect(status).toBe(422)
    expect(data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release'
    })
    const missing = await expectStatus(
      gh.request('POST /repos/{owner}/{repo}/releases', { ...ref } as never)
    )
    expect(missing.status).toBe(422)
    expect((missing.data as { message: string }).message).toBe(
      `Invalid request.\n\n"tag_name" wasn't supplied.`
    )
  })

  it('paginates the release list with per_page and GitHub-ordered Link headers', async () => {
    for (let i = 0; i < 5; i++)
      h.gh.createRelease(slug, { tag: `p${i}`, draft: false, prerelease: true })
    const first = await gh.rest.repos.listReleases({ ...ref, per_page: 2 })
    expect(first.data).toHaveLength(2)
    expect(first.headers.link).toMatch(
      /^<[^>]+[?&]page=2[^>]*>; rel="next", <[^>]+[?&]page=3[^>]*>; rel="last"$/
    )
    const middle = await gh.rest.repos.listReleases({ ...ref, per_page: 2, page: 2 })
    expect(middle.headers.link).toMatch(/rel="prev", .*rel="next", .*rel="last", .*rel="first"$/)
    const last = await gh.rest.repos.listReleases({ ...ref, per_page: 2, page: 3 })
    expect(last.headers.link).toMatch(/page=2[^>]*>; rel="prev", <[^>]+page=1[^>]*>; rel="first"$/)
    const all = await gh.paginate(gh.rest.repos.listReleases, { ...ref, per_page: 2 })
    expect(all.map((r) => r.id)).toEqual(h.gh.listReleases(slug).map((r) => r.id))
    // Newest first; prereleases are never latest.
    expect(all[0]?.tag_name).toBe('p4')
    expect((await gh.rest.repos.getLatestRelease({ ...ref })).data.tag_name).toBe('v1.0.0')
  })

  it('updates, unpublishes and deletes a mutable release', async () => {
    const created = h.gh.createRelease(slug, { tag: 'v2.0.0', draft: false })
    const { data: renamed } = await gh.rest.repos.updateRelease({
      ...ref,
      release_id: created.id,
      name: 'Two',
      body: 'notes',
      tag_name: 'v2.0.1',
      make_latest: 'false'
    })
    expect(renamed).toMatchObject({ name: 'Two', body: 'notes', tag_name: 'v2.0.1' })
    const { data: unpublished } = await gh.rest.repos.updateRelease({
      ...ref,
      release_id: created.id,
      draft: true
    })
    expect(unpublished).toMatchObject({ draft: true, published_at: null })
    expect((await gh.rest.repos.deleteRelease({ ...ref, release_id: created.id })).status).toBe(204)
    expect(
      (await expectStatus(gh.rest.repos.getRelease({ ...ref, release_id: created.id }))).status
    ).toBe(404)
  })

  it('makes releases published in an immutable repository immutable: only title and notes change', async () => {
    const repo = { owner, repo: 'immutable' }
    h.gh.repo(`${owner}/immutable`).immutableReleases = true
    const { data: draft } = await gh.rest.repos.createRelease({
      ...repo,
      tag_name: 'v1',
      draft: true
    })
    expect(draft.immutable).toBe(false)
    const { data: published } = await gh.rest.repos.updateRelease({
      ...repo,
      release_id: draft.id,
      draft: false
    })
    expect(published.immutable).toBe(true)
    const { data: retitled } = await gh.rest.repos.updateRelease({
      ...repo,
      release_id: draft.id,
      name: 'One',
      body: 'still editable',
      tag_name: 'v1'
    })
    expect(retitled.name).toBe('One')
    const refused = await expectStatus(
      gh.rest.repos.updateRelease({ ...repo, release_id: draft.id, target_commitish: 'other' })
    )
    expect(refused.status).toBe(422)
    expect(refused.data).toMatchObject({
      errors: [
        {
          field: 'target_commitish',
          message: 'Immutable release. Only release title and notes can be modified.'
        }
      ]
    })
    // GitHub lets an immutable release be deleted, but never gives its tag to another release.
    expect((await gh.rest.repos.deleteRelease({ ...repo, release_id: draft.id })).status).toBe(204)
    const reused = await expectStatus(gh.rest.repos.createRelease({ ...repo, tag_name: 'v1' }))
    expect(reused.status).toBe(422)
    expect(reused.data).toMatchObject({
      errors: [{ field: 'tag_name', message: 'tag_name was used by an immutable release' }]
    })
    expect((await expectStatus(gh.rest.repos.getLatestRelease({ ...repo }))).status).toBe(404)
  })

  it('checks body types as GitHub validates its schema', async () => {
    const wrong = await expectStatus(
      gh.request('POST /repos/{owner}/{repo}/releases', {
        ...ref,
        tag_name: 'x',
        draft: 'yes'
      } as never)
    )
    expect(wrong.status).toBe(422)
    expect((wrong.data as { message: string }).message).toBe(
      `Invalid request.\n\nFor 'properties/draft', "yes" is not a boolean.`
    )
    const latest = await expectStatus(
      gh.request('POST /repos/{owner}/{repo}/releases', {
        ...ref,
        tag_name: 'x',
        make_latest: 'maybe'
      } as never)
    )
    expect(latest.status).toBe(422)
    const notJson = await fetch(`${h.gh.apiUrl}/repos/${slug}/releases`, {
      method: 'POST',
      headers: { authorization: `token ${h.gh.token}`, 'content-type': 'application/json' },
      body: '{'
    })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toMatchObject({ message: 'Problems parsing JSON' })
    const array = await fetch(`${h.gh.apiUrl}/repos/${slug}/releases`, {
      method: 'POST',
      headers: { authorization: `token ${h.gh.token}`, 'content-type': 'application/json' },
      body: '[]'
    })
    expect(array.status).toBe(400)
    await array.body?.cancel()
    const blank = await expectStatus(gh.rest.repos.createRelease({ ...ref, tag_name: ' ' }))
    expect(blank.data).toMatchObject({ errors: [{ code: 'missing_field', field: 'tag_name' }] })
    const unknown = await expectStatus(gh.rest.repos.getRelease({ ...ref, release_id: 0 }))
    expect(unknown.status).toBe(404)
  })
})
