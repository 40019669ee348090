/**
 * Every remote call the action makes, every kind of fault, and the refusals no retry can change.
 * __tests__/e2e/faults.test.ts runs CALLS × FAULTS and REFUSALS; docs/reliability.md is rendered
 * from the same rows.
 */
import type { FaultRule } from '../../sandbox/http/faults.js'
import type { ErrorCode } from '../../src/errors.js'

/** A remote call: which requests it is in the sandbox, and what giving up on it must say. */
export interface RemoteCall {
  name: string
  match: Pick<FaultRule, 'service' | 'method' | 'path'>
  /** Inputs that make the run reach this call (provenance, publish). */
  inputs?: Record<string, string>
  /** The code when the call keeps failing, and what the error line must name. */
  givesUp: { code: ErrorCode; names: RegExp }
  /** GitHub's API (rate-limited, answers 403 for a secondary limit). */
  api?: boolean
  /** Faults the run completes despite, because it can do without this call. */
  completesDespite?: string[]
}

export interface Fault {
  name: string
  rule: Omit<FaultRule, 'service' | 'method' | 'path'>
  /** Only for GitHub's API. */
  apiOnly?: boolean
  /** Completes despite the fault (retried), or gives up with the call's code. */
  outcome: 'completes' | 'gives up'
  /** The faulted run must end sooner than this (it did not wait a stall out). */
  withinMs?: number
}

const PROVENANCE = { provenance: 'true' }
const REPO = 're:^/repos/[^/]+/[^/]+'

export const CALLS: RemoteCall[] = [
  {
    name: 'OIDC token',
    match: { service: 'oidc', method: 'GET', path: '/token' },
    givesUp: { code: 'OIDC', names: /OIDC token service/ }
  },
  {
    name: 'OIDC discovery (provenance)',
    match: { service: 'oidc', method: 'GET', path: '/.well-known/openid-configuration' },
    inputs: PROVENANCE,
    givesUp: { code: 'PROVENANCE', names: /discovery document .*OIDC issuer http/ }
  },
  {
    name: 'OIDC JWKS (provenance)',
    match: { service: 'oidc', method: 'GET', path: '/.well-known/jwks' },
    inputs: PROVENANCE,
    givesUp: { code: 'PROVENANCE', names: /keys .*OIDC issuer http/ }
  },
  {
    name: 'Fulcio certificate',
    match: { service: 'fulcio', method: 'POST' },
    givesUp: { code: 'FULCIO', names: /Fulcio at http.* HTTP 503/ }
  },
  {
    name: 'Rekor entry',
    match: { service: 'rekor', method: 'POST' },
    givesUp: { code: 'REKOR', names: /Rekor at http.* HTTP 503/ }
  },
  {
    name: 'TSA timestamp',
    match: { service: 'tsa', method: 'POST' },
    givesUp: { code: 'TSA', names: /timestamp authority at http.* HTTP 503/ }
  },
  {
    name: 'GitHub get release',
    match: { service: 'github', method: 'GET', path: `${REPO}/releases/\\d+$` },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /GET \/repos\/.*\/releases\/\d+,/ },
    api: true
  },
  {
    name: 'GitHub list assets',
    match: { service: 'github', method: 'GET', path: `${REPO}/releases/\\d+/assets$` },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /GET \/repos\/.*\/releases\/\d+\/assets/ },
    api: true
  },
  {
    name: 'GitHub download (API hop)',
    match: { service: 'github', method: 'GET', path: `${REPO}/releases/assets/\\d+$` },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /asset "app\.bin[^"]*".*GET \/repos\// },
    api: true
  },
  {
    name: 'GitHub download (storage hop)',
    match: { service: 'web', method: 'GET', path: '/_storage/*' },
    givesUp: {
      code: 'GITHUB_UNAVAILABLE',
      names: /asset "app\.bin[^"]*" from GitHub release storage/
    }
  },
  {
    name: 'GitHub upload',
    match: { service: 'uploads', method: 'POST' },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /POST \/repos\/.*\/assets/ },
    api: true
  },
  {
    name: 'GitHub delete asset',
    match: { service: 'github', method: 'DELETE', path: `${REPO}/releases/assets/\\d+$` },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /DELETE \/repos\// },
    api: true
  },
  {
    name: 'GitHub rename asset',
    match: { service: 'github', method: 'PATCH', path: `${REPO}/releases/assets/\\d+$` },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /PATCH \/repos\/.*\/releases\/assets/ },
    api: true
  },
  {
    name: 'GitHub publish release',
    match: { service: 'github', method: 'PATCH', path: `${REPO}/releases/\\d+$` },
    inputs: { publish: 'true' },
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /PATCH \/repos\/.*\/releases\/\d+,/ },
    api: true
  },
  {
    name: 'GitHub attestations',
    match: { service: 'github', method: 'POST', path: `${REPO}/attestations$` },
    inputs: PROVENANCE,
    givesUp: { code: 'GITHUB_UNAVAILABLE', names: /POST \/repos\/.*\/attestations/ },
    api: true
  }
]

/**
 * The per-attempt timeout the runs get, and a stall far longer: a run that waited the stall out
 * instead of timing out would take longer than the stall, which the rows check.
 */
export const TIMEOUT_MS = 1500
export const STALL_MS = 15000

const SECONDARY_LIMIT = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
}

export const FAULTS: Fault[] = [
  { name: '500 once', rule: { status: 500, times: 1 }, outcome: 'completes' },
  { name: '502 three times', rule: { status: 502, times: 3 }, outcome: 'completes' },
  { name: 'dropped connection', rule: { drop: true, times: 1 }, outcome: 'completes' },
  {
    name: `stall of ${STALL_MS} ms (timeout ${TIMEOUT_MS} ms)`,
    rule: { latencyMs: STALL_MS, times: 1 },
    outcome: 'completes',
    withinMs: STALL_MS
  },
  {
    name: '429 with retry-after',
    rule: { status: 429, headers: { 'retry-after': '1' }, times: 1 },
    outcome: 'completes'
  },
  {
    name: '403 secondary rate limit with retry-after',
    rule: { status: 403, headers: { 'retry-after': '1' }, body: SECONDARY_LIMIT, times: 1 },
    apiOnly: true,
    outcome: 'completes'
  },
  { name: '503 on every try', rule: { status: 503 }, outcome: 'gives up' }
]

/** Refusals: answers no retry can change, each with its own code and fix. */
export const REFUSALS: { name: string; rule: FaultRule; code: ErrorCode; names: RegExp }[] = [
  {
    name: 'GitHub get release: 401 Bad credentials',
    rule: {
      service: 'github',
      method: 'GET',
      path: `${REPO}/releases/\\d+$`,
      status: 401,
      body: { message: 'Bad credentials' }
    },
    code: 'GITHUB_AUTH',
    names: /github-token/
  },
  {
    name: 'GitHub upload: 403 without contents: write',
    rule: {
      service: 'uploads',
      method: 'POST',
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    },
    code: 'PERMISSION',
    names: /contents: write/
  },
  {
    name: 'Rekor: 409 without Location',
    rule: { service: 'rekor', method: 'POST', status: 409, times: 1 },
    code: 'REKOR',
    names: /Rekor at http.*HTTP 409.*re-run/s
  }
]

/**
 * Besides every fault on a call's first request (on a draft, as above), these faults also hit the
 * call's second request (a failure midway), and hit a run that publishes on a repository with
 * immutable releases: its re-run must still finish, and end with the release published.
 */
export const VARIANT_FAULTS = ['500 once', '503 on every try']

export type Variant = 'first call' | 'a later call' | 'immutable releases, publish: true'

export const VARIANTS: Variant[] = [
  'first call',
  'a later call',
  'immutable releases, publish: true'
]

/**
 * Calls made more than once in a run (a later one can fail). Not the OIDC token: a run asks for it
 * again only when it nears its expiry (e2e/sign.test.ts runs that with short-lived tokens).
 */
export const REPEATED_CALLS = [
  'GitHub download (API hop)',
  'GitHub download (storage hop)',
  'GitHub upload',
  'GitHub delete asset',
  'GitHub rename asset'
]

/** The rows the fault test runs: every call × fault, plus the variants. */
export function faultRows(): { row: string; call: RemoteCall; fault: Fault; variant: Variant }[] {
  return CALLS.flatMap((call) =>
    FAULTS.filter((fault) => call.api || !fault.apiOnly).flatMap((fault) =>
      VARIANTS.filter(
        (variant) =>
          variant === 'first call' ||
          (VARIANT_FAULTS.includes(fault.name) &&
            (variant !== 'a later call' || REPEATED_CALLS.includes(call.name)))
      ).map((variant) => ({
        row: `${call.name}: ${fault.name}${variant === 'first call' ? '' : ` (${variant})`}`,
        call,
        fault,
        variant
      }))
    )
  )
}
