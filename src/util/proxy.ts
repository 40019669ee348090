/**
 * A proxy from the runner's environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, upper or lower case)
 * for the requests the action makes itself: the OIDC token, the signing configuration, downloads
 * from release storage, uploads of local files. Octokit (through @actions/github) and sigstore-js
 * (make-fetch-happen) read these variables on their own; Node's fetch and http.request do not
 * unless told, which `http.setGlobalProxyFromEnv` does (Node 24.14 and later). Downloads then go
 * through Node's agent rather than the action's own storage connections, which cannot tunnel.
 */
import * as http from 'node:http'
import { UserError } from '../errors.js'

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

let routed = false

export type ProxyUse =
  | { kind: 'none' }
  /** Requests go through the proxies named (credentials hidden). */
  | { kind: 'routed'; proxies: string[] }
  /** A proxy is set, but this Node.js cannot route fetch and http.request through it. */
  | { kind: 'unsupported'; proxies: string[] }

type SetGlobalProxy = (env: NodeJS.ProcessEnv) => unknown

/** Node's own (absent before 24.14); tests pass theirs, so as not to route their own process. */
const nodeSetGlobalProxy: SetGlobalProxy | null =
  (http as { setGlobalProxyFromEnv?: SetGlobalProxy }).setGlobalProxyFromEnv ?? null

export function useEnvProxy(
  env: NodeJS.ProcessEnv = process.env,
  setGlobalProxy: SetGlobalProxy | null = nodeSetGlobalProxy
): ProxyUse {
  const proxies = PROXY_VARIABLES.filter((name) => env[name]).map(
    (name) => `${name}=${withoutCredentials(env[name] ?? '')}`
  )
  if (proxies.length === 0) return { kind: 'none' }
  if (!setGlobalProxy) return { kind: 'unsupported', proxies }
  try {
    setGlobalProxy(env)
  } catch (error) {
    // Node's message repeats the variable's value, credentials included: only its code is shown.
    const code = (error as { code?: unknown }).code
    throw new UserError(
      'RUNNER_ENV',
      `The proxy settings cannot be used (${proxies.join(', ')}): Node.js refused them` +
        (typeof code === 'string' ? ` (${code})` : ''),
      'set HTTPS_PROXY (and HTTP_PROXY) to a URL such as http://proxy.example:3128, or unset them'
    )
  }
  routed = true
  return { kind: 'routed', proxies }
}

/** True once the action's requests go through a proxy (its own storage connections step aside). */
export function proxyRouted(): boolean {
  return routed
}

/** The proxy URL for the log: a user name or password in it is replaced by `***`. */
export function withoutCredentials(value: string): string {
  try {
    const url = new URL(value)
    if (url.username || url.password) {
      url.username = '***'
      url.password = ''
    }
    return url.toString().replace(/\/$/, '')
  } catch {
    // Not a URL: shown only up to an @, where credentials would end.
    return value.includes('@') ? `***@${value.slice(value.lastIndexOf('@') + 1)}` : value
  }
}
