/** The repository's visibility through the action's own client, from the GitHub stand-in. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { RepositoryClient } from '../../../src/github/repository.js'
import { silentLog } from '../../../src/log.js'
import { startHarness, type Harness } from '../../sandbox/github-harness.js'

let h: Harness
const repository = (slug: string): RepositoryClient => {
  const { octokit } = createOctokit({ token: h.gh.token, apiUrl: h.gh.apiUrl, log: silentLog })
  const [owner = '', repo = ''] = slug.split('/')
  return new RepositoryClient(new RepoApi(octokit, { owner, repo }))
}

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

describe('RepositoryClient', () => {
  it.each(['public', 'private', 'internal'] as const)(
    'reads a %s repository',
    async (visibility) => {
      const slug = `octo-org/${visibility}`
      h.gh.repo(slug).visibility = visibility
      h.gh.repo(slug).ownerType = 'Organization'
      expect(await repository(slug).get()).toEqual({
        visibility,
        private: visibility !== 'public',
        ownerType: 'Organization'
      })
    }
  )
})
