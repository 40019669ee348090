/**
 * Shared set-up for the GitHub stand-in's tests: a stand-in whose every exchange is recorded,
 * Octokit configured as the action configures it, and the OpenAPI check of all exchanges.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { FaultInjector } from '../../sandbox/http/faults.js'
import {
  startGitHub,
  type Exchange,
  type GitHubOptions,
  type GitHubStandIn,
  type UploadProgress
} from '../../sandbox/github/index.js'
import { OpenApiChecker, type CheckResult } from './github-openapi.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface Harness {
  gh: GitHubStandIn
  faults: FaultInjector
  exchanges: Exchange[]
  progress: UploadProgress[]
  /** Resolves once an upload has received at least `bytes`. */
  received(bytes: number): Promise<void>
  dir: string
  close(): Promise<void>
}

export async function startHarness(
  options: Partial<Omit<GitHubOptions, 'dataDir'>> = {}
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'github-stand-in-'))
  const faults = new FaultInjector()
  const exchanges: Exchange[] = []
  const progress: UploadProgress[] = []
  const waiters: { bytes: number; resolve: () => void }[] = []
  const gh = await startGitHub({
    dataDir: join(dir, 'assets'),
    faults,
    onExchange: (e) => exchanges.push(e),
    onUploadProgress: (p) => {
      progress.push(p)
      for (const w of waiters.filter((w) => p.bytes >= w.bytes)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    },
    ...options
  })
  return {
    gh,
    faults,
    exchanges,
    progress,
    received: (bytes) => new Promise((resolve) => waiters.push({ bytes, resolve })),
    dir,
    close: async () => {
      await gh.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export interface OctokitOptions {
  onRateLimit?: (retryAfter: number) => boolean
  onSecondaryRateLimit?: (retryAfter: number) => boolean
  /** Retries after a server error (the plugin's default is 3). */
  retries?: number
  /** Replaces the HTTP client, e.g. to count attempts. */
  fetch?: typeof fetch
}

/**
 * Octokit with its own retry and throttling plugins: a client we did not write judges whether the
 * stand-in's rate-limit answers look like GitHub's.
 */
export function octokit(gh: GitHubStandIn, token: string, options: OctokitOptions = {}): Octokit {
  return getOctokit(
    token,
    {
      baseUrl: gh.apiUrl,
      // Server errors are retried after retryCount² × this many ms (seconds in production).
      // (`request.retries` would make the retry plugin repeat every failure, 4xx included.)
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: 20 },
      ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
      throttle: {
        onRateLimit: options.onRateLimit ?? (() => false),
        onSecondaryRateLimit: options.onSecondaryRateLimit ?? (() => false)
      }
    },
    retry,
    throttling
  )
}

/** An unauthenticated API call (getOctokit insists on a token). */
export async function anonymous(
  gh: GitHubStandIn,
  path: string
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${gh.apiUrl}${path}`, {
    headers: { accept: 'application/vnd.github+json' }
  })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

let checker: OpenApiChecker | undefined

/** Loads GitHub's description once per test file. */
export function openApi(): OpenApiChecker {
  checker ??= new OpenApiChecker()
  return checker
}

/** Checks every recorded API and upload exchange; web exchanges are not in the description. */
export function checkAll(exchanges: readonly Exchange[]): CheckResult[] {
  return exchanges.filter((e) => e.service !== 'web').map((e) => openApi().check(e))
}

export async function expectStatus(
  promise: Promise<unknown>
): Promise<{ status: number; data: unknown; headers: Record<string, string> }> {
  try {
    await promise
  } catch (error) {
    const e = error as {
      status?: number
      response?: { data: unknown; headers: Record<string, string> }
    }
    if (typeof e.status === 'number' && e.response) {
      return { status: e.status, data: e.response.data, headers: e.response.headers }
    }
    throw error
  }
  throw new Error('expected the request to fail')
}
