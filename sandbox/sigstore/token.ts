/**
 * Fulcio's OIDC check: the token's `iss` must be the configured issuer, its RS256 signature must
 * verify against the JWKS that the issuer's discovery document names, `aud` must contain
 * `sigstore` and it must not have expired (go-oidc's checks).
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose'

export class TokenError extends Error {}

export type TokenVerifier = (token: string) => Promise<JWTPayload>

/** `discoveryUrl` is where the issuer's discovery document lives, the issuer itself by default. */
export function tokenVerifier(
  issuer: string,
  discoveryUrl = issuer,
  audience = 'sigstore'
): TokenVerifier {
  let keys: { jwks: ReturnType<typeof createRemoteJWKSet>; algorithms: string[] } | undefined
  return async (token) => {
    let claimed: JWTPayload
    try {
      claimed = decodeJwt(token)
    } catch (error) {
      throw new TokenError(`oidc: malformed jwt: ${String(error)}`)
    }
    if (claimed.iss !== issuer) {
      throw new TokenError(
        `failed to match issuer URL ${String(claimed.iss)} from token with any configured providers`
      )
    }
    keys ??= await discover(issuer, discoveryUrl)
    try {
      const { payload } = await jwtVerify(token, keys.jwks, {
        issuer,
        audience,
        algorithms: keys.algorithms
      })
      return payload
    } catch (error) {
      throw new TokenError(`oidc: ${String(error)}`)
    }
  }
}

async function discover(
  issuer: string,
  discoveryUrl: string
): Promise<{ jwks: ReturnType<typeof createRemoteJWKSet>; algorithms: string[] }> {
  let doc: { issuer?: string; jwks_uri?: string; id_token_signing_alg_values_supported?: string[] }
  try {
    const res = await fetch(`${discoveryUrl}/.well-known/openid-configuration`)
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    doc = (await res.json()) as typeof doc
  } catch (error) {
    throw new TokenError(`oidc: failed to fetch discovery document: ${String(error)}`)
  }
  if (doc.issuer !== issuer || !doc.jwks_uri) {
    throw new TokenError(`oidc: issuer did not match the issuer returned by provider`)
  }
  return {
    jwks: createRemoteJWKSet(new URL(doc.jwks_uri)),
    algorithms: doc.id_token_signing_alg_values_supported ?? ['RS256']
  }
}
