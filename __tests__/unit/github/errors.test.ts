/**
 * What GitHub's failures mean to the user: Octokit's own RequestError objects (as the client throws
 * them) become UserErrors with a code, the request named without host or query, and the fix; what
 * only the caller can judge (404, 409, other 422s, non-HTTP errors) comes back unchanged.
 */
import { describe, expect, it } from '@jest/globals'
import { RequestError } from '@octokit/request-error'
import { UserError } from '../../../src/errors.js'
import {
  githubError,
  isNotFound,
  isRateLimited,
  isUnavailable,
  status
} from '../../../src/github/errors.js'
import { TimeoutError } from '../../../src/util/timeout.js'

const URL_WITH_SECRET =
  'https://api.github.com/repos/o/r/releases/1/assets?name=a.zip&access_token=s3cr3t'

/** A RequestError as Octokit throws it: with GitHub's answer, or without one (no response). */
function requestError(
  code: number,
  message?: string,
  options: { method?: string; url?: string; response?: boolean } = {}
): RequestError {
  const url = options.url ?? URL_WITH_SECRET
  return new RequestError(message ?? `HTTP ${code}`, code, {
    request: { method: (options.method ?? 'POST') as 'POST', url, headers: {} },
    response:
      options.response === false
        ? undefined
        : { status: code, url, headers: {}, data: message === undefined ? '' : { message } }
  })
}

const context = { slug: 'o/r' }

function classified(error: unknown, ctx: Parameters<typeof githubError>[1] = context): UserError {
  const result = githubError(error, ctx)
  expect(result).toBeInstanceOf(UserError)
  return result as UserError
}

describe('githubError', () => {
  it('names the request by method and path only: never the host, the query or a token in it', () => {
    const error = classified(requestError(401, 'Bad credentials'))
    expect(error.code).toBe('GITHUB_AUTH')
    expect(error.message).toBe(
      'GitHub rejected the token on POST /repos/o/r/releases/1/assets (HTTP 401 "Bad credentials")'
    )
    expect(error.message).not.toContain('s3cr3t')
    expect(error.hint).toContain("'github-token'")
    expect(error.cause).toBeInstanceOf(RequestError)
  })

  it('names the missing permission on a 403, with the YAML that grants it', () => {
    const contents = classified(requestError(403, 'Resource not accessible by integration'))
    expect(contents.code).toBe('PERMISSION')
    expect(contents.message).toContain("in o/r (HTTP 403): the token lacks 'contents: write'")
    expect(contents.hint).toBe(
      'grant it in the job:\n  permissions:\n    contents: write\n    id-token: write'
    )
    const attestations = classified(requestError(403, 'Resource not accessible'), {
      ...context,
      permission: 'attestations: write'
    })
    expect(attestations.message).toContain("lacks 'attestations: write'")
  })

  it.each([
    [429, 'API rate limit exceeded', "GitHub's rate limit held back"],
    [403, 'API rate limit exceeded for installation', "GitHub's rate limit held back"],
    [403, 'You have exceeded a secondary rate limit', "GitHub's secondary rate limit held back"]
  ])('takes HTTP %i %p for a rate limit, not a permission', (code, message, said) => {
    const error = classified(requestError(code, message))
    expect(error.code).toBe('GITHUB_UNAVAILABLE')
    expect(error.message).toContain(said)
    expect(isRateLimited(error)).toBe(true)
    expect(isUnavailable(error)).toBe(true)
  })

  it('says an immutable release refused an upload, and how to avoid it', () => {
    const error = classified(
      requestError(422, 'Cannot upload assets to an immutable release', { method: 'POST' })
    )
    expect(error.code).toBe('RELEASE')
    expect(error.hint).toContain("'publish: true'")
  })

  it('reports server errors after retries as GitHub unavailable, quoting what GitHub said', () => {
    const error = classified(requestError(502, 'Server Error\nsecond line'))
    expect(error.code).toBe('GITHUB_UNAVAILABLE')
    expect(error.message).toBe(
      'GitHub answered HTTP 502 to POST /repos/o/r/releases/1/assets, after retries ("Server Error\\nsecond line")'
    )
    expect(isUnavailable(error)).toBe(true)
    expect(isRateLimited(error)).toBe(false)
  })

  it('reports a connection that failed (Octokit says 500 without a response), first line only', () => {
    const error = classified(
      requestError(500, 'other side closed\n    at Socket.onclose', { response: false })
    )
    expect(error.code).toBe('GITHUB_UNAVAILABLE')
    expect(error.message).toBe(
      'The connection to GitHub failed on POST /repos/o/r/releases/1/assets, after retries ("other side closed")'
    )
  })

  it('reports an attempt that timed out, naming the request the caller gave', () => {
    const timeout = new TimeoutError('GitHub (GET /repos/o/r/releases)', 200)
    const error = classified(timeout, { ...context, request: 'GET releases' })
    expect(error.code).toBe('GITHUB_UNAVAILABLE')
    expect(error.message).toBe(
      'GitHub did not answer GET releases in time, after retries (GitHub (GET /repos/o/r/releases) did not answer within 0.2s)'
    )
  })

  it.each([404, 409, 422])('leaves HTTP %i to the caller, unchanged', (code) => {
    const error = requestError(code, 'Validation Failed')
    expect(githubError(error, context)).toBe(error)
  })

  it('leaves alone what is not an HTTP failure, and what is classified already', () => {
    const plain = new Error('ENOSPC')
    expect(githubError(plain, context)).toBe(plain)
    const user = new UserError('RELEASE', 'already said')
    expect(githubError(user, context)).toBe(user)
    expect(githubError('a string', context)).toBe('a string')
  })

  it('uses "a request" when neither the error nor the caller names one', () => {
    const bare = Object.assign(new Error('Bad credentials'), { status: 401 })
    expect(classified(bare).message).toBe(
      'GitHub rejected the token on a request (HTTP 401 "Bad credentials")'
    )
  })
})

describe('reading a failure', () => {
  it('finds the status on the error, or under a UserError made from it', () => {
    const notFound = requestError(404, 'Not Found', { method: 'GET' })
    expect(status(notFound)).toBe(404)
    expect(isNotFound(notFound)).toBe(true)
    const wrapped = classified(requestError(503, 'busy'))
    expect(status(wrapped)).toBe(503)
    expect(isNotFound(wrapped)).toBe(false)
    expect(status(new Error('no status'))).toBeUndefined()
    // sigstore-js' HTTPError says statusCode.
    expect(status(Object.assign(new Error('x'), { statusCode: 429 }))).toBe(429)
  })

  it('is unavailable only for a GITHUB_UNAVAILABLE UserError', () => {
    expect(isUnavailable(requestError(503, 'busy'))).toBe(false)
    expect(isUnavailable(new UserError('PERMISSION', 'no'))).toBe(false)
    expect(isRateLimited(requestError(403, 'Resource not accessible'))).toBe(false)
  })
})
