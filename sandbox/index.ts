/**
 * The whole loopback sandbox: GitHub's OIDC token service, REST API and upload host, and a Sigstore
 * instance (Fulcio, CT log, Rekor, TSA), TUF repositories that publish its trust material (public-good-
 * like and GitHub-like), with fault injection and a control endpoint. It writes the trust material
 * and a state file that tells any client where everything listens.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startControl } from './control.js'
import { startGitHub } from './github/index.js'
import { FaultInjector } from './http/faults.js'
import type { Service } from './http/server.js'
import { startOidc } from './oidc/service.js'
import { eventPayload, runnerEnv } from './runner-env.js'
import { startSigstore } from './sigstore/index.js'
import { githubTargets, publicGoodTargets, startTufRepository } from './tuf/service.js'
import type { RequestRecord, Sandbox, SandboxOptions, SandboxState } from './types.js'

export type { RequestRecord, Sandbox, SandboxOptions, SandboxState } from './types.js'

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sign-release-sandbox-')))
  // A directory the sandbox made for itself goes away with it; one the caller gave stays.
  const ownsDir = options.dir === undefined
  for (const sub of ['assets', 'workspace', 'runner-temp'])
    await mkdir(join(dir, sub), { recursive: true })
  const statePath = options.statePath ?? join(dir, 'state.json')
  const faults = new FaultInjector()
  if (options.latency) faults.setLatency(options.latency)
  const log: RequestRecord[] = []
  const onRequest = (service: string, method: string, path: string, inFlight: number): void => {
    log.push({ service, method, path, at: performance.now(), inFlight })
  }

  const oidc = await startOidc({
    faults,
    context: options.context,
    onRequest,
    issuer: options.oidcIssuer,
    lifetimeSeconds: options.oidcLifetimeSeconds
  })
  const github = await startGitHub({
    dataDir: join(dir, 'assets'),
    faults,
    onRequest,
    secondaryLimits: options.secondaryLimits,
    primaryLimit: options.primaryLimit,
    apiPath: options.apiPath,
    spareFiles: options.spareFiles
  })
  const sigstore = await startSigstore({
    oidcIssuer: oidc.issuer,
    oidcDiscoveryUrl: oidc.discoveryUrl,
    faults,
    onRequest,
    serverUrl: options.serverUrl
  })
  github.setReleaseAttestor(sigstore.attestRelease)

  const paths = {
    trustedRoot: join(dir, 'trusted_root.json'),
    signingConfig: join(dir, 'signing_config.json'),
    signingConfigRekorV2: join(dir, 'signing_config_rekor_v2.json'),
    trustConfig: join(dir, 'trust_config.json'),
    trustedRootJsonl: join(dir, 'trusted_root.jsonl'),
    event: join(dir, 'event.json')
  }
  const trustedRoot = sigstore.trustedRoot()
  const signingConfig = sigstore.signingConfig()
  await writeFile(paths.trustedRoot, JSON.stringify(trustedRoot, null, 2))
  const signingConfigRekorV2 = sigstore.signingConfigRekorV2()
  await writeFile(paths.signingConfig, JSON.stringify(signingConfig, null, 2))
  await writeFile(paths.signingConfigRekorV2, JSON.stringify(signingConfigRekorV2, null, 2))
  // sigstore-python takes one client trust config; gh takes trusted roots as JSON Lines.
  await writeFile(
    paths.trustConfig,
    JSON.stringify(
      {
        mediaType: 'application/vnd.dev.sigstore.clienttrustconfig.v0.1+json',
        trustedRoot,
        signingConfig
      },
      null,
      2
    )
  )
  await writeFile(paths.trustedRootJsonl, JSON.stringify(trustedRoot) + '\n')
  const tuf = {
    publicGood: await startTufRepository({
      name: 'tuf-public-good',
      targets: publicGoodTargets(trustedRoot, signingConfig, signingConfigRekorV2),
      dir: join(dir, 'tuf', 'public-good'),
      faults,
      onRequest
    }),
    github: await startTufRepository({
      name: 'tuf-github',
      targets: githubTargets(sigstore.githubTrustedRoot()),
      dir: join(dir, 'tuf', 'github'),
      faults,
      onRequest
    })
  }

  // Started last (it serves the sandbox itself), but named in the state built before.
  const control: { service?: Service } = {}
  const buildState = (): SandboxState => {
    const context = oidc.context()
    return {
      github: {
        apiUrl: github.apiUrl,
        uploadUrl: github.uploadUrl,
        serverUrl: github.serverUrl,
        token: github.token,
        readOnlyToken: github.readOnlyToken
      },
      oidc: {
        issuer: oidc.issuer,
        discoveryUrl: oidc.discoveryUrl,
        requestUrl: oidc.requestUrl,
        requestToken: oidc.requestToken
      },
      sigstore: {
        fulcioUrl: sigstore.fulcioUrl,
        rekorUrl: sigstore.rekorUrl,
        rekorV2Url: sigstore.rekorV2Url,
        tsaUrl: sigstore.tsaUrl,
        trustedRootPath: paths.trustedRoot,
        signingConfigPath: paths.signingConfig,
        signingConfigRekorV2Path: paths.signingConfigRekorV2,
        rekorVersion: options.rekorVersion ?? 1,
        trustConfigPath: paths.trustConfig,
        trustedRootJsonlPath: paths.trustedRootJsonl
      },
      tuf: {
        publicGood: { mirror: tuf.publicGood.mirror, rootPath: tuf.publicGood.rootPath },
        github: { mirror: tuf.github.mirror, rootPath: tuf.github.rootPath }
      },
      control: { url: control.service?.url ?? '' },
      context,
      env: runnerEnv({
        context,
        apiUrl: github.apiUrl,
        serverUrl: options.serverUrl ?? 'https://github.com',
        eventPath: paths.event,
        workspace: join(dir, 'workspace'),
        runnerTemp: join(dir, 'runner-temp'),
        idTokenRequestUrl: oidc.requestUrl,
        idTokenRequestToken: oidc.requestToken,
        githubTuf: { mirror: tuf.github.mirror, rootPath: tuf.github.rootPath }
      })
    }
  }
  const persist = async (release?: Record<string, unknown>): Promise<SandboxState> => {
    const state = buildState()
    await writeFile(paths.event, JSON.stringify(eventPayload(state.context, release), null, 2))
    await writeFile(statePath, JSON.stringify(state, null, 2))
    sandbox.state = state
    sandbox.env = state.env
    return state
  }

  const sandbox: Sandbox = {
    dir,
    statePath,
    state: buildState(),
    env: {},
    faults,
    oidc,
    github,
    sigstore,
    tuf,
    requests: () => [...log],
    clearRequests: () => {
      log.length = 0
    },
    setContext: async (update, release) => {
      oidc.setContext(update)
      return persist(release)
    },
    close: async () => {
      await Promise.all([
        control.service?.close(),
        oidc.close(),
        github.close(),
        sigstore.close(),
        tuf.publicGood.service.close(),
        tuf.github.service.close()
      ])
      if (ownsDir) await rm(dir, { recursive: true, force: true })
    }
  }
  control.service = await startControl(sandbox)
  await persist()
  return sandbox
}
