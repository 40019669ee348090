/**
 * The GitHub stand-in's authentication, rate limits and fault injection, as a client sees them
 * through Octokit with the retry and throttling plugins.
 */
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
const RATE_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'

function write(
  h: Harness,
  path: string,
  token: string | undefined,
  body: unknown,
  method = 'PATCH'
) {
  return fetch(`${h.gh.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json'
    },
    body: JSON.stringify(body)
  })
}

describe('GitHub stand-in: authentication', () => {
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
    checkAll(h.exchanges)
  })

  it('answers an unknown token with 401 Bad credentials', async () => {
    const bogus = octokit(h.gh, 'ghs_not-a-token')
    const { status, data } = await expectStatus(bogus.rest.repos.get({ owner, repo: 'auth' }))
    expect(status).toBe(401)
    expect(data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401'
    })
    const malformed = await fetch(`${h.gh.apiUrl}/repos/${owner}/auth`, {
      headers: { authorization: 'Basic Zm9v' }
    })
    expect(malformed.status).toBe(401)
  })

  it('accepts `token X` and `Bearer X`, and requires a token for writes', async () => {
    const release = h.gh.createRelease(`${owner}/auth`, { tag: 'v1', draft: true })
    expect(
      (await write(h, `/repos/${owner}/auth/releases/${release.id}`, h.gh.token, { name: 'x' }))
        .status
    ).toBe(200)
    const anon = await write(h, `/repos/${owner}/auth/releases/${release.id}`, undefined, {
      name: 'y'
    })
    expect(anon.status).toBe(401)
    expect(await anon.json()).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest/releases/releases#update-a-release',
      status: '401'
    })
  })

  it('refuses writes with a read-only token: 403 Resource not accessible by integration', async () => {
    const release = h.gh.createRelease(`${owner}/auth`, { tag: 'v2', draft: false })
    const asset = await h.gh.uploadAsset(`${owner}/auth`, release.id, 'a.txt', 'a')
    const expected = { message: 'Resource not accessible by integration', status: '403' }
    const create = await expectStatus(
      reader.rest.repos.createRelease({ owner, repo: 'auth', tag_name: 'v3' })
    )
    expect(create).toMatchObject({ status: 403, data: expected })
    const upload = await expectStatus(
      reader.request({
        method: 'POST',
        url: release.upload_url,
        name: 'b.txt',
        headers: { 'content-type': 'text/plain', 'content-length': 1 },
        data: 'b'
      })
    )
    expect(upload).toMatchObject({ status: 403, data: expected })
    const remove = await expectStatus(
      reader.rest.repos.deleteReleaseAsset({ owner, repo: 'auth', asset_id: asset.id })
    )
    expect(remove).toMatchObject({ status: 403, data: expected })
    // Reading is what the token is for.
    expect(
      (await reader.rest.repos.getRelease({ owner, repo: 'auth', release_id: release.id })).status
    ).toBe(200)
  })

  it('lets anyone read public repositories, and hides the others from anonymous callers', async () => {
    const release = h.gh.createRelease(`${owner}/public`, { tag: 'v1', draft: false })
    expect((await anonymous(h.gh, `/repos/${owner}/public/releases/${release.id}`)).status).toBe(
      200
    )
    for (const visibility of ['private', 'internal'] as const) {
      const repo = `${owner}/${visibility}`
      h.gh.repo(repo).visibility = visibility
      if (visibility === 'private') h.gh.repo(repo).ownerType = 'User'
      const hidden = await anonymous(h.gh, `/repos/${repo}/releases`)
      expect(hidden.status).toBe(404)
      expect(hidden.body).toMatchObject({ message: 'Not Found' })
      const { data } = await gh.rest.repos.get({ owner, repo: visibility })
      expect(data).toMatchObject({ private: true, visibility })
    }
    // Any token with contents: read reads private repositories.
    const contentsOnly = octokit(h.gh, h.gh.createToken({ contents: 'read' }))
    expect((await contentsOnly.rest.repos.listReleases({ owner, repo: 'private' })).status).toBe(
      200
    )
  })

  it('reports the primary rate limit in x-ratelimit-* headers on every answer', async () => {
    const before = await gh.rest.repos.get({ owner, repo: 'headers' })
    const after = await gh.rest.repos.get({ owner, repo: 'headers' })
    const used = Number(before.headers['x-ratelimit-used'])
    expect(before.headers['x-ratelimit-limit']).toBe('1000')
    expect(before.headers['x-ratelimit-resource']).toBe('core')
    expect(Number(after.headers['x-ratelimit-used'])).toBe(used + 1)
    expect(Number(after.headers['x-ratelimit-remaining'])).toBe(1000 - used - 1)
    const reset = Number(after.headers['x-ratelimit-reset'])
    expect(reset).toBeGreaterThan(Date.now() / 1000)
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3600)
    const anon = await anonymous(h.gh, `/repos/${owner}/headers`)
    expect(anon.headers.get('x-ratelimit-limit')).toBe('60')
    const missing = await anonymous(h.gh, '/no/such/path')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{16}$/)
  })
})

describe('GitHub stand-in: rate limits', () => {
  it('answers a spent primary budget with 403 and x-ratelimit-remaining 0, which Octokit recognises', async () => {
    const h = await startHarness({
      primaryLimit: 3,
      secondaryLimits: { perMinute: 80, perHour: 500, windowScale: 0.01 }
    })
    try {
      const waits: number[] = []
      const gh = octokit(h.gh, h.gh.token, {
        onRateLimit: (retryAfter) => {
          waits.push(retryAfter)
          return false
        }
      })
      for (let i = 0; i < 3; i++) await gh.rest.repos.get({ owner, repo: 'primary' })
      const { status, data, headers } = await expectStatus(
        gh.rest.repos.get({ owner, repo: 'primary' })
      )
      expect(status).toBe(403)
      expect((data as { message: string }).message).toMatch(
        /^API rate limit exceeded for installation ID \d+\.$/
      )
      expect(data).toMatchObject({ documentation_url: `${RATE_DOCS}#about-the-primary-rate-limit` })
      expect(headers['x-ratelimit-remaining']).toBe('0')
      // The window is an hour scaled by 0.01 (36 s); the plugin adds a second.
      expect(waits).toHaveLength(1)
      expect(waits[0]).toBeGreaterThan(0)
      expect(waits[0]).toBeLessThanOrEqual(38)
      for (let i = 0; i < 60; i++) await anonymous(h.gh, `/repos/${owner}/primary`)
      const anon = await anonymous(h.gh, `/repos/${owner}/primary`)
      expect(anon.status).toBe(403)
      expect((anon.body as { message: string }).message).toContain(
        'Authenticated requests get a higher rate limit'
      )
    } finally {
      await h.close()
      checkAll(h.exchanges)
    }
  })

  it('limits content-creating requests per minute and per hour with retry-after', async () => {
    const perMinute = await startHarness({
      secondaryLimits: { perMinute: 2, perHour: 100, windowScale: 0.05 }
    })
    const perHour = await startHarness({
      secondaryLimits: { perMinute: 100, perHour: 3, windowScale: 0.01 }
    })
    try {
      const release = perMinute.gh.createRelease(`${owner}/secondary`, { tag: 'v1', draft: true })
      const path = `/repos/${owner}/secondary/releases/${release.id}`
      for (let i = 0; i < 2; i++)
        expect((await write(perMinute, path, perMinute.gh.token, {})).status).toBe(200)
      // Reads are not content-creating.
      expect(
        (
          await fetch(`${perMinute.gh.apiUrl}${path}`, {
            headers: { authorization: `token ${perMinute.gh.token}` }
          })
        ).status
      ).toBe(200)
      const limited = await write(perMinute, path, perMinute.gh.token, {})
      expect(limited.status).toBe(403)
      // A minute scaled by 0.05 is 3 s.
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3)
      const body = (await limited.json()) as { message: string; documentation_url: string }
      expect(body.message).toMatch(
        /^You have exceeded a secondary rate limit\. .*request ID [0-9A-F]{16}\.$/
      )
      expect(body.message).toContain(limited.headers.get('x-github-request-id') ?? 'no id')
      expect(body.documentation_url).toBe(`${RATE_DOCS}#about-secondary-rate-limits`)

      const other = perHour.gh.createRelease(`${owner}/secondary`, { tag: 'v1', draft: true })
      const otherPath = `/repos/${owner}/secondary/releases/${other.id}`
      for (let i = 0; i < 3; i++)
        expect((await write(perHour, otherPath, perHour.gh.token, {})).status).toBe(200)
      const hourly = await write(perHour, otherPath, perHour.gh.token, {})
      expect(hourly.status).toBe(403)
      // An hour scaled by 0.01 is 36 s.
      expect(Number(hourly.headers.get('retry-after'))).toBeGreaterThan(30)
      expect(Number(hourly.headers.get('retry-after'))).toBeLessThanOrEqual(36)
      // Uploads create content too.
      const upload = await fetch(other.upload_url.replace('{?name,label}', '?name=x.txt'), {
        method: 'POST',
        headers: { authorization: `token ${perHour.gh.token}`, 'content-type': 'text/plain' },
        body: 'x'
      })
      expect(upload.status).toBe(403)
      expect(upload.headers.get('retry-after')).not.toBeNull()
    } finally {
      await perMinute.close()
      await perHour.close()
      checkAll([...perMinute.exchanges, ...perHour.exchanges])
    }
  })

  it('lets Octokit wait out a secondary limit for retry-after seconds and succeed', async () => {
    // A minute scaled by 0.05 is 3 s: the throttling plugin spaces writes a second apart, so the
    // third write of three lands inside the window.
    const h = await startHarness({
      secondaryLimits: { perMinute: 2, perHour: 100, windowScale: 0.05 }
    })
    try {
      const waits: number[] = []
      const gh = octokit(h.gh, h.gh.token, {
        onSecondaryRateLimit: (retryAfter) => {
          waits.push(retryAfter)
          return true
        }
      })
      const release = h.gh.createRelease(`${owner}/wait`, { tag: 'v1', draft: true })
      for (let i = 0; i < 3; i++) {
        const { data } = await gh.rest.repos.updateRelease({
          owner,
          repo: 'wait',
          release_id: release.id,
          body: `${i}`
        })
        expect(data.body).toBe(`${i}`)
      }
      expect(waits).toEqual([expect.any(Number)])
      const statuses = h.exchanges.filter((e) => e.method === 'PATCH').map((e) => e.status)
      expect(statuses).toEqual([200, 200, 403, 200])
    } finally {
      await h.close()
      checkAll(h.exchanges)
    }
  })
})

describe('GitHub stand-in: fault injection seen by a client', () => {
  let h: Harness

  beforeAll(async () => {
    h = await startHarness()
  })

  afterAll(async () => {
    await h.close()
    checkAll(h.exchanges)
  })

  function counting(): { fetch: typeof fetch; attempts: () => number } {
    let attempts = 0
    return {
      fetch: (input, init) => {
        attempts++
        return fetch(input, init)
      },
      attempts: () => attempts
    }
  }

  it('retries an injected 502 and succeeds', async () => {
    const release = h.gh.createRelease(`${owner}/faults`, { tag: 'v1', draft: true })
    h.faults.add({
      service: 'github',
      path: `/repos/${owner}/faults/releases/*`,
      status: 502,
      times: 1
    })
    const client = counting()
    const gh = octokit(h.gh, h.gh.token, { fetch: client.fetch })
    const { status, data } = await gh.rest.repos.getRelease({
      owner,
      repo: 'faults',
      release_id: release.id
    })
    expect(status).toBe(200)
    expect(data.id).toBe(release.id)
    expect(client.attempts()).toBe(2)
    expect(h.faults.list()).toEqual([])
  })

  it('retries an upload of a buffer after an injected 502 on the upload host', async () => {
    const release = h.gh.createRelease(`${owner}/faults`, { tag: 'v2', draft: true })
    h.faults.add({ service: 'uploads', method: 'POST', status: 502, times: 1 })
    const client = counting()
    const gh = octokit(h.gh, h.gh.token, { fetch: client.fetch })
    const { status, data } = await gh.request({
      method: 'POST',
      url: release.upload_url,
      name: 'retried.txt',
      headers: { 'content-type': 'text/plain', 'content-length': 5 },
      data: Buffer.from('hello')
    })
    expect(status).toBe(201)
    expect((data as { state: string }).state).toBe('uploaded')
    expect(client.attempts()).toBe(2)
  })

  it('surfaces a dropped connection as an error', async () => {
    h.faults.add({ service: 'github', path: `/repos/${owner}/dropped`, drop: true, times: 1 })
    const gh = octokit(h.gh, h.gh.token, { retries: 0 })
    await expect(gh.rest.repos.get({ owner, repo: 'dropped' })).rejects.toThrow()
    expect((await gh.rest.repos.get({ owner, repo: 'dropped' })).status).toBe(200)
  })

  it('delays a request by injected latency', async () => {
    h.faults.add({ service: 'web', latencyMs: 300, times: 1 })
    const started = Date.now()
    const response = await fetch(`${h.gh.serverUrl}/${owner}/faults/releases/download/v1/none`)
    expect(response.status).toBe(404)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })
})
