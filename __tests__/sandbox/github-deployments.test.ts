/**
 * The GitHub stand-in's environments, run review logs and tags, driven through Octokit, every
 * exchange checked against GitHub's OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  checkAll,
  expectStatus,
  octokit,
  startHarness,
  type Harness,
  type Octokit
} from './github-harness.js'

const owner = 'octo'
const repo = 'deploy'
const slug = `${owner}/${repo}`
const commit = 'c'.repeat(40)

describe('GitHub stand-in: environments, approvals and tags', () => {
  let h: Harness
  let gh: Octokit

  beforeAll(async () => {
    h = await startHarness()
    gh = octokit(h.gh, h.gh.token)
  })

  afterAll(async () => {
    await h.close()
    const operations = new Set(checkAll(h.exchanges).map((r) => r.operationId))
    for (const op of [
      'repos/get-environment',
      'actions/get-reviews-for-run',
      'git/get-ref',
      'git/get-tag'
    ])
      expect(operations).toContain(op)
  })

  it('serves an environment with its required reviewers, and one without the rule', async () => {
    h.gh.setEnvironment(slug, 'release', { reviewers: [{ login: 'alice', id: 11 }] })
    h.gh.setEnvironment(slug, 'open', {})
    const { data } = await gh.rest.repos.getEnvironment({
      owner,
      repo,
      environment_name: 'release'
    })
    expect(data.name).toBe('release')
    const rule = data.protection_rules?.find((r) => r.type === 'required_reviewers') as
      { reviewers?: { reviewer?: { login?: string } }[] } | undefined
    expect(rule?.reviewers?.map((r) => r.reviewer?.login)).toEqual(['alice'])
    const open = await gh.rest.repos.getEnvironment({ owner, repo, environment_name: 'open' })
    expect(open.data.protection_rules).toEqual([])
    const missing = await expectStatus(
      gh.rest.repos.getEnvironment({ owner, repo, environment_name: 'nowhere' })
    )
    expect(missing.status).toBe(404)
  })

  it("serves a run's review log, empty for a run nobody reviewed", async () => {
    h.gh.approveRun(slug, 77, {
      environment: 'release',
      login: 'alice',
      id: 11,
      comment: 'ship it'
    })
    h.gh.approveRun(slug, 77, { environment: 'release', login: 'bob', id: 12, state: 'rejected' })
    const { data } = await gh.rest.actions.getReviewsForRun({ owner, repo, run_id: 77 })
    expect(data.map((a) => [a.user.login, a.state, a.comment, a.environments[0]?.name])).toEqual([
      ['alice', 'approved', 'ship it', 'release'],
      ['bob', 'rejected', '', 'release']
    ])
    const none = await gh.rest.actions.getReviewsForRun({ owner, repo, run_id: 78 })
    expect(none.data).toEqual([])
  })

  it('serves an annotated tag with its verification, and a lightweight tag as a commit ref', async () => {
    h.gh.setTag(slug, 'v1.0.0', { commit, verified: true, tagger: { name: 'Alice', email: 'a@x' } })
    h.gh.setTag(slug, 'v1.0.1', { commit, annotated: false })
    const ref = await gh.rest.git.getRef({ owner, repo, ref: 'tags/v1.0.0' })
    expect(ref.data.object.type).toBe('tag')
    const tag = await gh.rest.git.getTag({ owner, repo, tag_sha: ref.data.object.sha })
    expect(tag.data.object.sha).toBe(commit)
    expect(tag.data.verification?.verified).toBe(true)
    expect(tag.data.verification?.reason).toBe('valid')
    expect(tag.data.tagger.email).toBe('a@x')
    const light = await gh.rest.git.getRef({ owner, repo, ref: 'tags/v1.0.1' })
    expect(light.data.object).toMatchObject({ type: 'commit', sha: commit })
    const missing = await expectStatus(gh.rest.git.getRef({ owner, repo, ref: 'tags/v9' }))
    expect(missing.status).toBe(404)
  })
})
