/**
 * TUF repositories on loopback, as static files: a public-good-like one (the sandbox's trusted root
 * and signing configs) and a GitHub-like one (a trusted root of Fulcio and a TSA, no log). Each
 * initial root is written to a file, as a client is given it (`tuf-root`, `cosign initialize --root`).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createTufRepository, type TufFault, type TufRepository } from './repository.js'
import type { FaultInjector } from '../http/faults.js'
import { Router, startService, type Service, type ServiceOptions } from '../http/server.js'

export interface TufStandIn {
  service: Service
  repository: TufRepository
  /** The mirror URL a client is given (`tuf-mirror`). */
  mirror: string
  /** The file holding the repository's initial root metadata (`tuf-root`). */
  rootPath: string
  setFault(fault: TufFault): void
}

export interface TufServiceOptions {
  /** Service name in the request log and for fault rules, e.g. `tuf-public-good`. */
  name: string
  /** Target files by name. */
  targets: Record<string, Buffer>
  /** Directory for the initial root.json. */
  dir: string
  faults?: FaultInjector
  onRequest?: ServiceOptions['onRequest']
}

export async function startTufRepository(options: TufServiceOptions): Promise<TufStandIn> {
  const repository = createTufRepository(options.targets)
  const router = new Router().on('GET', '/*path', (req) => {
    const content = repository.file(req.params.path ?? '')
    return content
      ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: content }
      : { status: 404, body: { message: 'Not Found' } }
  })
  const service = await startService({
    name: options.name,
    router,
    faults: options.faults,
    onRequest: options.onRequest
  })
  await mkdir(options.dir, { recursive: true })
  const rootPath = join(options.dir, 'root.json')
  await writeFile(rootPath, repository.initialRoot())
  return {
    service,
    repository,
    mirror: service.url,
    rootPath,
    setFault: (fault) => repository.setFault(fault)
  }
}

/** The public-good TUF targets: the trusted root and the signing configs (Rekor v1 and v2). */
export function publicGoodTargets(
  trustedRoot: object,
  signingConfig: object,
  signingConfigRekorV2: object
): Record<string, Buffer> {
  const text = (value: object): Buffer => Buffer.from(JSON.stringify(value, null, 2))
  return {
    'trusted_root.json': text(trustedRoot),
    'signing_config.v0.2.json': text(signingConfig),
    'signing_config_rekor_v2.v0.2.json': text(signingConfigRekorV2)
  }
}

/** GitHub's TUF repository holds one target: its instance's trusted root. */
export function githubTargets(trustedRoot: object): Record<string, Buffer> {
  return { 'trusted_root.json': Buffer.from(JSON.stringify(trustedRoot, null, 2)) }
}
