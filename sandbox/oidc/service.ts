/**
 * GitHub Actions' OIDC token service: `GET <request url>&audience=X` with the request bearer token
 * answers `{"value": JWT}`; discovery and JWKS let any verifier check the RS256 signature.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import type { FaultInjector } from '../http/faults.js'
import { json, Router, startService, type Service, type ServiceOptions } from '../http/server.js'
import { claimsFor, defaultContext, owner, type WorkflowContext } from './context.js'

export interface OidcService {
  service: Service
  /** The `iss` of every token (and of the discovery document). */
  issuer: string
  /** Where discovery and the JWKS are served: this service's URL. */
  discoveryUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL: already carries a `?`, as GitHub's does. */
  requestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string
  context(): WorkflowContext
  setContext(update: Partial<WorkflowContext>): WorkflowContext
  /** Mints a token as the token endpoint would. */
  mint(audience?: string): Promise<string>
  close(): Promise<void>
}

export interface OidcOptions {
  faults?: FaultInjector
  context?: Partial<WorkflowContext>
  onRequest?: ServiceOptions['onRequest']
  /** Token lifetime in seconds (default 10 minutes). */
  lifetimeSeconds?: number
  /**
   * The `iss` to write, default this service's own URL. 'https://token.actions.githubusercontent.com'
   * makes tokens (and so certificates) that name GitHub's issuer, for verifiers that insist on it;
   * discovery still lives at this service's URL.
   */
  issuer?: string
}

const KEY_ID = 'sandbox-oidc-key'

export async function startOidc(options: OidcOptions = {}): Promise<OidcService> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' }
  const requestToken = randomBytes(24).toString('hex')
  let context: WorkflowContext = { ...defaultContext, ...options.context }
  const lifetime = options.lifetimeSeconds ?? 600
  const router = new Router()
  let issuer = ''
  let discoveryUrl = ''

  const mint = (audience?: string): Promise<string> =>
    signToken(
      privateKey,
      issuer,
      audience ?? `https://github.com/${owner(context.repository)}`,
      context,
      lifetime
    )

  router
    .on('GET', '/.well-known/openid-configuration', () =>
      json(200, {
        issuer,
        jwks_uri: `${discoveryUrl}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          ...Object.keys(claimsFor(context))
        ],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid']
      })
    )
    .on('GET', '/.well-known/jwks', () => json(200, { keys: [jwk] }))
    .on('GET', '/token', async (req) => {
      const auth = req.headers.authorization ?? ''
      const match = /^bearer\s+(.+)$/i.exec(auth)
      if (!match || match[1] !== requestToken) {
        return json(401, {
          message: 'Unauthorized: missing or invalid ACTIONS_ID_TOKEN_REQUEST_TOKEN'
        })
      }
      const audience = req.url.searchParams.get('audience') ?? undefined
      return json(200, { count: 1, value: await mint(audience) })
    })

  const service = await startService({
    name: 'oidc',
    router,
    faults: options.faults,
    onRequest: options.onRequest
  })
  discoveryUrl = service.url
  issuer = options.issuer ?? service.url
  return {
    service,
    issuer,
    discoveryUrl,
    requestUrl: `${service.url}/token?api-version=2.0`,
    requestToken,
    context: () => ({ ...context }),
    setContext(update) {
      context = { ...context, ...update }
      return { ...context }
    },
    mint,
    close: () => service.close()
  }
}

async function signToken(
  key: CryptoKey,
  issuer: string,
  audience: string,
  context: WorkflowContext,
  lifetime: number
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ ...claimsFor(context) })
    .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(claimsFor(context).sub ?? '')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + lifetime)
    .sign(key)
}
