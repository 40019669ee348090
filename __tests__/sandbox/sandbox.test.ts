/** The composed sandbox: its files, its state, its control endpoint, and the CLI a user starts. */
import { spawn } from 'node:child_process'
import { Agent, get } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox, type SandboxState } from '../../sandbox/index.js'
import { contextFromFlags, latencyFromFlag } from '../../sandbox/flags.js'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const RUNNER_ENV = [
  'GITHUB_API_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_REF',
  'GITHUB_SHA',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_RUN_ID',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
]

describe('startSandbox', () => {
  it('writes trust material and a state file with every URL and the runner environment', () => {
    const state = JSON.parse(readFileSync(sandbox.statePath, 'utf8')) as SandboxState
    for (const url of [
      state.github.apiUrl,
      state.github.uploadUrl,
      state.github.serverUrl,
      state.oidc.issuer,
      state.sigstore.fulcioUrl,
      state.sigstore.rekorUrl,
      state.sigstore.rekorV2Url,
      state.sigstore.tsaUrl,
      state.control.url
    ]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/)
    }
    expect(state.github.token).toBeTruthy()
    for (const name of RUNNER_ENV) expect(state.env[name]).toBeTruthy()
    const trustedRoot = JSON.parse(readFileSync(state.sigstore.trustedRootPath, 'utf8')) as {
      mediaType: string
    }
    expect(trustedRoot.mediaType).toBe('application/vnd.dev.sigstore.trustedroot+json;version=0.1')
    const signingConfig = JSON.parse(readFileSync(state.sigstore.signingConfigPath, 'utf8')) as {
      mediaType: string
    }
    expect(signingConfig.mediaType).toBe('application/vnd.dev.sigstore.signingconfig.v0.2+json')
    expect(state.sigstore.rekorVersion).toBe(1)
    const v2Config = readFileSync(state.sigstore.signingConfigRekorV2Path, 'utf8')
    expect(v2Config).toContain(state.sigstore.rekorV2Url)
    expect(readFileSync(state.sigstore.trustedRootJsonlPath, 'utf8').endsWith('\n')).toBe(true)
    const event = JSON.parse(readFileSync(state.env.GITHUB_EVENT_PATH as string, 'utf8')) as {
      ref: string
    }
    expect(event.ref).toBe(state.context.ref)
  })

  it('changes the workflow context through the control endpoint, and the event and env follow', async () => {
    const control = sandbox.state.control.url
    const put = await fetch(`${control}/context`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ context: { eventName: 'release' }, release: { id: 77 } })
    })
    const state = (await put.json()) as SandboxState
    expect(state.env.GITHUB_EVENT_NAME).toBe('release')
    const event = JSON.parse(readFileSync(state.env.GITHUB_EVENT_PATH as string, 'utf8')) as {
      release: { id: number }
    }
    expect(event.release.id).toBe(77)
    await sandbox.setContext({ eventName: 'push' })
  })

  it('injects faults through the control endpoint, seen by a client, and logs requests', async () => {
    const control = sandbox.state.control.url
    const added = await fetch(`${control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'github', path: '/repos/*', status: 503, times: 1 })
    })
    expect(added.status).toBe(201)
    const repoUrl = `${sandbox.state.github.apiUrl}/repos/${sandbox.state.context.repository}`
    expect((await fetch(repoUrl)).status).toBe(503)
    expect((await fetch(repoUrl)).status).toBe(200)
    const slow = await fetch(`${control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'github', path: 're:^/repos/', drop: true, times: 1 })
    })
    expect(slow.status).toBe(201)
    await expect(fetch(repoUrl)).rejects.toThrow()
    const log = (await (await fetch(`${control}/requests`)).json()) as {
      service: string
      path: string
    }[]
    expect(
      log.some(
        (r) => r.service === 'github' && r.path === `/repos/${sandbox.state.context.repository}`
      )
    ).toBe(true)
    expect((await fetch(`${control}/faults`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${control}/requests`, { method: 'DELETE' })).status).toBe(204)
    expect(sandbox.requests()).toHaveLength(0)
    expect((await fetch(`${control}/faults`, { method: 'POST', body: '{}' })).status).toBe(400)
  })

  it('holds every request to a service for its standing latency, set through the control endpoint', async () => {
    const control = sandbox.state.control.url
    const set = await fetch(`${control}/latency`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ github: 250 })
    })
    expect(set.status).toBe(200)
    expect(await set.json()).toEqual({ github: 250 })
    const repoUrl = `${sandbox.state.github.apiUrl}/repos/${sandbox.state.context.repository}`
    try {
      // A lower bound only: the request cannot be answered before the latency has passed.
      const started = performance.now()
      expect((await fetch(repoUrl)).status).toBe(200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(245)
      expect(sandbox.faults.latency('fulcio')).toBe(0)
    } finally {
      await fetch(`${control}/latency`, { method: 'PUT', body: '{}' })
    }
    expect(sandbox.faults.latency()).toEqual({})
    const refused = await fetch(`${control}/latency`, { method: 'PUT', body: '{"tsa": -1}' })
    expect(refused.status).toBe(400)
  })

  it('keeps a connection open for the next request, as GitHub and Sigstore do', async () => {
    // Clients give up on an idle connection a little before the server's stated timeout: one of
    // a second made them open a new connection for every request (sigstore-js uses Node's agent).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const repoUrl = `${sandbox.state.github.apiUrl}/repos/${sandbox.state.context.repository}`
    const reused = (): Promise<boolean> =>
      new Promise((resolve, reject) => {
        const request = get(repoUrl, { agent }, (res) => {
          res.resume()
          res.on('end', () => setImmediate(() => resolve(request.reusedSocket)))
        })
        request.on('error', reject)
      })
    try {
      expect(await reused()).toBe(false)
      expect(await reused()).toBe(true)
    } finally {
      agent.destroy()
    }
  })

  it('reads standing latencies from the CLI flag', () => {
    expect(latencyFromFlag('fulcio=300,rekor=500, tsa=100')).toEqual({
      fulcio: 300,
      rekor: 500,
      tsa: 100
    })
    expect(latencyFromFlag(undefined)).toBeUndefined()
    expect(() => latencyFromFlag('fulcio=fast')).toThrow(/SERVICE=MILLISECONDS/)
  })

  it('sets repository settings through the control endpoint', async () => {
    const response = await fetch(`${sandbox.state.control.url}/repos/acme/widgets`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ immutableReleases: true })
    })
    expect(response.status).toBe(200)
    expect(sandbox.github.repo('acme/widgets').immutableReleases).toBe(true)
  })

  it('sets up an environment, approves a run and creates a signed tag through the control endpoint', async () => {
    const control = sandbox.state.control.url
    const send = (method: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${control}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    expect(
      (
        await send('PUT', '/repos/acme/gate/environments/release', {
          reviewers: [{ login: 'alice', id: 5 }]
        })
      ).status
    ).toBe(204)
    expect(
      (
        await send('POST', '/repos/acme/gate/runs/42/approvals', {
          environment: 'release',
          login: 'alice',
          id: 5,
          comment: 'ok'
        })
      ).status
    ).toBe(204)
    expect(
      (
        await send('PUT', '/repos/acme/gate/tags/v1.2.3', {
          commit: 'e'.repeat(40),
          verified: true
        })
      ).status
    ).toBe(204)
    const api = `${sandbox.state.github.apiUrl}/repos/acme/gate`
    const read = async (path: string): Promise<Record<string, unknown>> =>
      (await (await fetch(`${api}${path}`)).json()) as Record<string, unknown>
    const env = await read('/environments/release')
    expect(JSON.stringify(env.protection_rules)).toContain('"login":"alice"')
    const reviews = (await read('/actions/runs/42/approvals')) as unknown as { comment: string }[]
    expect(reviews.map((r) => r.comment)).toEqual(['ok'])
    const ref = (await read('/git/ref/tags/v1.2.3')) as { object: { sha: string; type: string } }
    expect(ref.object.type).toBe('tag')
    const tag = (await read(`/git/tags/${ref.object.sha}`)) as {
      verification: { verified: boolean }
    }
    expect(tag.verification.verified).toBe(true)
  })
})

describe('sandbox CLI', () => {
  it('reads the workflow context from flags', () => {
    expect(
      contextFromFlags({
        repo: 'a/b',
        visibility: 'private',
        ref: 'refs/tags/v9',
        event: 'release',
        environment: 'release',
        reusable: 'o/r/.github/workflows/s.yml@refs/tags/v1',
        'reusable-sha': 'e'.repeat(40)
      })
    ).toEqual({
      repository: 'a/b',
      visibility: 'private',
      ref: 'refs/tags/v9',
      eventName: 'release',
      environment: 'release',
      reusable: {
        repository: 'o/r',
        workflowFile: '.github/workflows/s.yml',
        ref: 'refs/tags/v1',
        sha: 'e'.repeat(40)
      }
    })
    expect(() => contextFromFlags({ visibility: 'secret' })).toThrow('--visibility')
    expect(() => contextFromFlags({ reusable: 'nope' })).toThrow('--reusable')
  })

  it('`npm run sandbox -- --state FILE` prints where everything listens, writes the files, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'))
    const statePath = join(dir, 's.json')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sandbox/cli.ts',
        '--state',
        statePath,
        '--repo',
        'cli/demo',
        '--oidc-issuer',
        'https://token.actions.githubusercontent.com',
        '--rekor-version',
        '2'
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('workflow ')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`exited early with ${String(code)}`)))
    })
    expect(out).toContain('GitHub API       http://127.0.0.1:')
    expect(out).toContain(`state            ${statePath}`)
    expect(existsSync(statePath)).toBe(true)
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as SandboxState
    expect(state.env.GITHUB_REPOSITORY).toBe('cli/demo')
    expect(state.oidc.issuer).toBe('https://token.actions.githubusercontent.com')
    expect(out).toContain(`(discovery at ${state.oidc.discoveryUrl})`)
    expect(out).toContain(`Rekor v2         ${state.sigstore.rekorV2Url}`)
    expect(state.sigstore.rekorVersion).toBe(2)
    expect(out).toContain(`signing config   ${state.sigstore.signingConfigRekorV2Path} (Rekor v2`)
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit')
      child.on('exit', resolve)
      child.kill('SIGTERM')
    })
    expect(code).toBe(0)
    // The directory the sandbox made for itself is gone; the state file it was asked for stays.
    expect(existsSync(state.sigstore.trustedRootPath)).toBe(false)
    expect(existsSync(statePath)).toBe(true)
  })
})
