/**
 * GitHub's attestations API through the action's own client, against the GitHub stand-in, with a
 * real bundle (the sandbox's Fulcio and Rekor): stored and listed by subject digest; where the API
 * does not exist (GitHub Enterprise Server, user-owned private repositories) or the token may not
 * write, the refusal says so in GitHub's terms.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AttestationsClient, AttestationsRefused } from '../../../src/github/attestations.js'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'
import { startOwnedRelease, type OwnedRelease } from '../../helpers/owned-release.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

let h: Harness
let owned: OwnedRelease
const DIGEST = `sha256:${createHash('sha256').update('app v1').digest('hex')}`

function client(slug: string, token = h.gh.token): AttestationsClient {
  const { octokit } = createOctokit({ token, apiUrl: h.gh.apiUrl, log: silentLog })
  const [owner = '', repo = ''] = slug.split('/')
  return new AttestationsClient(new RepoApi(octokit, { owner, repo }))
}

async function refusal(promise: Promise<unknown>): Promise<AttestationsRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AttestationsRefused)
  return error as AttestationsRefused
}

beforeAll(async () => {
  ;[h, owned] = await Promise.all([startHarness(), startOwnedRelease()])
})
afterAll(async () => {
  await Promise.all([h.close(), owned.stack.close()])
})

describe('AttestationsClient', () => {
  it('stores a bundle and lists it by the digest it signs', async () => {
    const attestations = client('octo-org/app')
    const id = await attestations.create(owned.bundles.ours)
    expect(id).toBeGreaterThan(0)
    expect(await attestations.list(DIGEST)).toEqual([owned.bundles.ours])
    expect(await attestations.list(`sha256:${'0'.repeat(64)}`)).toEqual([])
    expect(attestations.webUrl('https://github.com/', id)).toBe(
      `https://github.com/octo-org/app/attestations/${id}`
    )
  })

  it('says the API is not available on GitHub Enterprise Server, and lists nothing there', async () => {
    h.gh.repo('octo-org/ghes').attestationsApi = false
    const attestations = client('octo-org/ghes')
    const error = await refusal(attestations.create(owned.bundles.ours))
    expect(error.httpStatus).toBe(404)
    expect(error.why).toContain('the attestations API is not available for this repository')
    expect(await attestations.list(DIGEST)).toBeUndefined()
  })

  it("says the API is not available for a user's private repository", async () => {
    const settings = h.gh.repo('mona/private')
    settings.visibility = 'private'
    settings.ownerType = 'User'
    const error = await refusal(client('mona/private').create(owned.bundles.ours))
    expect(error.httpStatus).toBe(422)
    expect(error.message).toMatch(/^HTTP 422: the attestations API is not available/)
  })

  it('says a token without attestations: write may not store one', async () => {
    const error = await refusal(
      client('octo-org/app', h.gh.readOnlyToken).create(owned.bundles.ours)
    )
    expect(error.httpStatus).toBe(403)
    expect(error.why).toBe("the token may not write attestations: grant 'attestations: write'")
  })
})
