/**
 * Loopback stand-ins for Sigstore: Fulcio (with a CT log), Rekor v1, Rekor v2 and a timestamp
 * authority, sharing one whole-second clock, plus the trusted root (both logs) and the signing
 * configs (Rekor v1, and one that opts into v2) that trust them.
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { wholeSecondClock, type Clock } from './clock.js'
import { createCtLog } from './ctlog.js'
import { fulcioRouter } from './fulcio.js'
import { createFulcioCa, GITHUB_ORG } from './fulcio-ca.js'
import { generateKeyPair } from './pki.js'
import { rekorRouter } from './rekor.js'
import { rekorV2Router } from './rekor-v2.js'
import { TransparencyLogV2 } from './rekor-v2-log.js'
import { releaseAttestor, type ReleaseAttestor } from './release-attestation.js'
import { tokenVerifier } from './token.js'
import {
  githubTrustedRoot,
  signingConfig,
  signingConfigRekorV2,
  trustedRoot,
  type TrustInputs
} from './trust.js'
import { createTimestampAuthority, tsaRouter } from './tsa.js'
import type { FaultInjector } from '../http/faults.js'
import { startService, type Service, type ServiceOptions } from '../http/server.js'

export interface SigstoreOptions {
  /** Fulcio accepts tokens from this issuer only. */
  oidcIssuer: string
  /** Where that issuer's discovery document is served, the issuer URL by default. */
  oidcDiscoveryUrl?: string
  faults?: FaultInjector
  onRequest?: ServiceOptions['onRequest']
  /** Base of the GitHub SAN, default 'https://github.com'. */
  serverUrl?: string
  /** Source of time (truncated to whole seconds); the system clock by default. */
  clock?: Clock
}

export interface SigstoreStandIn {
  fulcio: Service
  rekor: Service
  rekorV2: Service
  tsa: Service
  /** Base URLs. */
  fulcioUrl: string
  rekorUrl: string
  /** Rekor v2 (`POST /api/v2/log/entries`), an Ed25519 log with C2SP checkpoints. */
  rekorV2Url: string
  tsaUrl: string
  /** TrustedRoot JSON (application/vnd.dev.sigstore.trustedroot+json;version=0.1). */
  trustedRoot(): object
  /**
   * The trusted root of a GitHub-like instance with its own CA, the same TSA, and no logs: its
   * Fulcio is `<fulcioUrl>/github`, which issues certificates without SCTs.
   */
  githubTrustedRoot(): object
  /** SigningConfig v0.2 JSON; its TSA URL is the full timestamp endpoint. */
  signingConfig(): object
  /** SigningConfig v0.2 that lists the Rekor v2 log (API version 2) first, then v1, and the TSA. */
  signingConfigRekorV2(): object
  /** Signs a statement as GitHub signs its release attestations (the GitHub-like instance). */
  attestRelease: ReleaseAttestor
  close(): Promise<void>
}

export async function startSigstore(options: SigstoreOptions): Promise<SigstoreStandIn> {
  const clock = wholeSecondClock(options.clock)
  const validFrom = clock()
  const ctKey = await generateKeyPair('P-256')
  const rekorKey = await generateKeyPair('P-256')
  const ctlog = createCtLog(ctKey)
  const ca = await createFulcioCa(ctlog, validFrom)
  const githubCa = await createFulcioCa(ctlog, validFrom, 'fulcio-github', GITHUB_ORG)
  const authority = await createTimestampAuthority(clock, validFrom)
  const rekorLogId = createHash('sha256').update(rekorKey.spki).digest()
  const common = { faults: options.faults, onRequest: options.onRequest }

  const fulcio = await startService({
    name: 'fulcio',
    router: fulcioRouter({
      ca,
      githubCa,
      issuer: options.oidcIssuer,
      verifyToken: tokenVerifier(options.oidcIssuer, options.oidcDiscoveryUrl),
      serverUrl: options.serverUrl ?? 'https://github.com',
      clock
    }),
    ...common
  })
  let rekorHost = ''
  const rekor = await startService({
    name: 'rekor',
    router: rekorRouter({ key: rekorKey, logId: rekorLogId, clock, hostname: () => rekorHost }),
    ...common
  })
  rekorHost = `127.0.0.1:${rekor.port}`
  const rekorV2Key = generateKeyPairSync('ed25519')
  let rekorV2Origin = ''
  const rekorV2Log = new TransparencyLogV2({ ...rekorV2Key, origin: () => rekorV2Origin })
  const rekorV2 = await startService({
    name: 'rekor-v2',
    router: rekorV2Router(rekorV2Log),
    ...common
  })
  rekorV2Origin = `127.0.0.1:${rekorV2.port}`
  const tsa = await startService({ name: 'tsa', router: tsaRouter(authority), ...common })

  const trust: TrustInputs = {
    fulcioUrl: fulcio.url,
    rekorUrl: rekor.url,
    tsaEndpoint: `${tsa.url}/api/v1/timestamp`,
    oidcUrl: options.oidcDiscoveryUrl ?? options.oidcIssuer,
    validFrom,
    rekor: { spki: rekorKey.spki, logId: rekorLogId },
    rekorV2: {
      url: rekorV2.url,
      spki: rekorV2Key.publicKey.export({ format: 'der', type: 'spki' }),
      logId: rekorV2Log.logId()
    },
    // The CT log has no HTTP API here; its URL only names it in the trusted root.
    ctlog: { spki: ctKey.spki, logId: ctlog.logId, baseUrl: `${fulcio.url}/ctlog` },
    fulcioChain: [ca.intermediate, ca.root],
    tsaChain: [authority.leaf, authority.root]
  }
  return {
    fulcio,
    rekor,
    rekorV2,
    tsa,
    fulcioUrl: fulcio.url,
    rekorUrl: rekor.url,
    rekorV2Url: rekorV2.url,
    tsaUrl: tsa.url,
    trustedRoot: () => trustedRoot(trust),
    githubTrustedRoot: () =>
      githubTrustedRoot({
        ...trust,
        fulcioUrl: `${fulcio.url}/github`,
        fulcioChain: [githubCa.intermediate, githubCa.root]
      }),
    signingConfig: () => signingConfig(trust),
    signingConfigRekorV2: () => signingConfigRekorV2(trust),
    attestRelease: releaseAttestor(githubCa, authority, clock),
    close: async () => {
      await Promise.all([fulcio.close(), rekor.close(), rekorV2.close(), tsa.close()])
    }
  }
}
