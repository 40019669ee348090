/**
 * One repository's API: its `owner/repo`, and every call's failure classified once, with what the
 * caller says about the call (the permission it needs, the request's name) and nothing else changed.
 */
import { describe, expect, it } from '@jest/globals'
import { RequestError } from '@octokit/request-error'
import { createOctokit } from '../../../src/github/octokit.js'
import { RepoApi } from '../../../src/github/repo-api.js'
import { silentLog } from '../../../src/log.js'

const { octokit } = createOctokit({ token: 't', apiUrl: 'http://127.0.0.1:1', log: silentLog })
const api = new RepoApi(octokit, { owner: 'octo-org', repo: 'app' })
const refused = (code: number) =>
  new RequestError(`HTTP ${code}`, code, {
    request: { method: 'GET', url: 'https://api.github.com/repos/octo-org/app/x', headers: {} },
    response: { status: code, url: '', headers: {}, data: { message: 'no' } }
  })

describe('RepoApi', () => {
  it('names its repository', () => {
    expect(api.slug()).toBe('octo-org/app')
  })

  it("returns the call's answer", async () => {
    expect(await api.call(() => Promise.resolve(42))).toBe(42)
  })

  it('classifies a failure, with the permission the caller says the call needs', async () => {
    await expect(
      api.call(() => Promise.reject(refused(403)), { permission: 'actions: read' })
    ).rejects.toMatchObject({
      code: 'PERMISSION',
      message:
        "GitHub refused GET /repos/octo-org/app/x in octo-org/app (HTTP 403): the token lacks 'actions: read'"
    })
  })

  it('passes on what only the caller can judge', async () => {
    const notFound = refused(404)
    await expect(api.call(() => Promise.reject(notFound))).rejects.toBe(notFound)
  })
})
