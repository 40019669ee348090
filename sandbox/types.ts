/** The sandbox's public shapes: its options, the state file, and the running sandbox. */
import type { GitHubOptions, GitHubStandIn } from './github/index.js'
import type { FaultInjector, ServiceLatency } from './http/faults.js'
import type { WorkflowContext } from './oidc/context.js'
import type { OidcService } from './oidc/service.js'
import type { SigstoreStandIn } from './sigstore/index.js'
import type { TufStandIn } from './tuf/service.js'

export interface SandboxOptions {
  /** Where files go (trust material, state, asset storage); a new temp dir when absent. */
  dir?: string
  /** Where to write the state file; `<dir>/state.json` when absent. */
  statePath?: string
  context?: Partial<WorkflowContext>
  /**
   * The tokens' `iss`, default the token service's own URL. GitHub's
   * 'https://token.actions.githubusercontent.com' serves verifiers that hard-code it (sigstore-python's
   * `verify github`); the action's provenance cannot be built then, because @actions/attest fetches
   * the JWKS from the issuer URL itself.
   */
  oidcIssuer?: string
  /** How long each OIDC token is valid, in seconds (default 600). */
  oidcLifetimeSeconds?: number
  /**
   * The GitHub server the sandbox stands in for (GITHUB_SERVER_URL, and the base of Fulcio's SAN
   * and repository extensions): https://github.com by default; a GHE.com tenant such as
   * https://octo.ghe.com, or a GitHub Enterprise Server host.
   */
  serverUrl?: string
  /** Where the REST API lives on its host: '' by default, '/api/v3' as on GitHub Enterprise Server. */
  apiPath?: string
  secondaryLimits?: GitHubOptions['secondaryLimits']
  primaryLimit?: number
  spareFiles?: GitHubOptions['spareFiles']
  /**
   * The Rekor version clients are pointed at by default (1 unless given): `state.sigstore.rekorVersion`,
   * and the `signing-config`/`rekor-version` inputs of `sandboxInputs`. Both logs always run.
   */
  rekorVersion?: 1 | 2
  /**
   * A standing latency per service, in milliseconds, that every request waits before it is served
   * (`{fulcio: 300, rekor: 500, tsa: 100, github: 100}`), to stand in for real round trips.
   */
  latency?: ServiceLatency
}

export interface RequestRecord {
  service: string
  method: string
  path: string
  /** When it arrived (`performance.now()` of the sandbox's process), after any latency. */
  at: number
  /** Requests the service was serving when this one reached its handler, itself included. */
  inFlight: number
}

export interface SandboxState {
  github: {
    apiUrl: string
    uploadUrl: string
    serverUrl: string
    token: string
    readOnlyToken: string
  }
  oidc: { issuer: string; discoveryUrl: string; requestUrl: string; requestToken: string }
  sigstore: {
    fulcioUrl: string
    rekorUrl: string
    /** Rekor v2 (tiles API, Ed25519 checkpoints); the trusted root covers both logs. */
    rekorV2Url: string
    tsaUrl: string
    trustedRootPath: string
    /** Signing config with Rekor v1 (and the TSA). */
    signingConfigPath: string
    /** Signing config that opts into Rekor v2: the v2 log first, then v1, and the TSA. */
    signingConfigRekorV2Path: string
    /** The Rekor version selected for clients (SandboxOptions.rekorVersion). */
    rekorVersion: 1 | 2
    trustConfigPath: string
    trustedRootJsonlPath: string
  }
  /**
   * TUF repositories of the sandbox's instances: a mirror URL (`tuf-mirror`) and the file of its
   * initial root metadata (`tuf-root`) each.
   */
  tuf: {
    /** Targets trusted_root.json, signing_config.v0.2.json, signing_config_rekor_v2.v0.2.json. */
    publicGood: { mirror: string; rootPath: string }
    /** Target trusted_root.json of a GitHub-like instance: Fulcio and TSA, no log. */
    github: { mirror: string; rootPath: string }
  }
  control: { url: string }
  context: WorkflowContext
  env: Record<string, string>
}

export interface Sandbox {
  dir: string
  statePath: string
  state: SandboxState
  /** The runner environment for the current context (same as state.env). */
  env: Record<string, string>
  faults: FaultInjector
  oidc: OidcService
  github: GitHubStandIn
  sigstore: SigstoreStandIn
  /** The TUF repositories; `setFault` makes one serve expired, unsigned, old or tampered metadata. */
  tuf: { publicGood: TufStandIn; github: TufStandIn }
  /** Every request served so far (after fault injection), in order. */
  requests(): RequestRecord[]
  clearRequests(): void
  /** Changes the workflow context: tokens, the event file and the env follow. */
  setContext(
    update: Partial<WorkflowContext>,
    release?: Record<string, unknown>
  ): Promise<SandboxState>
  close(): Promise<void>
}
