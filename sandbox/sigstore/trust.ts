/**
 * The trust material the stand-ins imply, in the JSON of sigstore's protobuf-specs: a TrustedRoot
 * (media type v0.1, shaped like the public-good root) and a SigningConfig v0.2.
 */
import { rfc3339 } from './clock.js'
import type { x509 } from './x509.js'

export interface TrustInputs {
  fulcioUrl: string
  rekorUrl: string
  /** Full URL of the timestamp endpoint. */
  tsaEndpoint: string
  /** Where clients get an OIDC token (the signing config's oidcUrls). */
  oidcUrl: string
  validFrom: Date
  rekor: { spki: Buffer; logId: Buffer }
  /** The Rekor v2 log: Ed25519, its log ID the checkpoint key ID. */
  rekorV2: { url: string; spki: Buffer; logId: Buffer }
  ctlog: { spki: Buffer; logId: Buffer; baseUrl: string }
  /** Certificate chains, leaf-most first, root last. */
  fulcioChain: x509.X509Certificate[]
  tsaChain: x509.X509Certificate[]
}

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1'
export const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json'
const OPERATOR = 'sign-release.sandbox'

export function trustedRoot(t: TrustInputs): object {
  const start = { start: rfc3339(t.validFrom) }
  const log = (
    baseUrl: string,
    key: { spki: Buffer; logId: Buffer },
    keyDetails = 'PKIX_ECDSA_P256_SHA_256'
  ): object => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: key.spki.toString('base64'),
      keyDetails,
      validFor: start
    },
    logId: { keyId: key.logId.toString('base64') }
  })
  const authority = (uri: string, chain: x509.X509Certificate[]): object => ({
    subject: subjectOf(chain[chain.length - 1]),
    uri,
    certChain: {
      certificates: chain.map((c) => ({ rawBytes: Buffer.from(c.rawData).toString('base64') }))
    },
    validFor: start
  })
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    // One root for both logs, as the public-good root lists its v1 log and v2 shards.
    tlogs: [log(t.rekorUrl, t.rekor), log(t.rekorV2.url, t.rekorV2, 'PKIX_ED25519')],
    certificateAuthorities: [authority(t.fulcioUrl, t.fulcioChain)],
    ctlogs: [log(t.ctlog.baseUrl, t.ctlog)],
    timestampAuthorities: [authority(t.tsaEndpoint, t.tsaChain)]
  }
}

/**
 * The trusted root of a GitHub-like instance (its own Fulcio CA, the same TSA): certificate and
 * timestamp authorities only, no transparency or CT log, as GitHub publishes for its own instance.
 */
export function githubTrustedRoot(t: TrustInputs): object {
  const { certificateAuthorities, timestampAuthorities } = trustedRoot(t) as {
    certificateAuthorities: object[]
    timestampAuthorities: object[]
  }
  return {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [],
    certificateAuthorities,
    ctlogs: [],
    timestampAuthorities
  }
}

export function signingConfig(t: TrustInputs): object {
  return signingConfigWith(t, [service(t, t.rekorUrl)])
}

/**
 * The config that opts into Rekor v2, shaped like public-good's `signing_config_rekor_v2.v0.2.json`:
 * the v2 log listed before the v1 log, and the TSA (which v2 requires: its entries carry no time).
 */
export function signingConfigRekorV2(t: TrustInputs): object {
  return signingConfigWith(t, [service(t, t.rekorV2.url, 2), service(t, t.rekorUrl)])
}

function service(t: TrustInputs, url: string, majorApiVersion = 1): object {
  return { url, majorApiVersion, validFor: { start: rfc3339(t.validFrom) }, operator: OPERATOR }
}

function signingConfigWith(t: TrustInputs, rekorTlogUrls: object[]): object {
  return {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: [service(t, t.fulcioUrl)],
    oidcUrls: [service(t, t.oidcUrl)],
    rekorTlogUrls,
    tsaUrls: [service(t, t.tsaEndpoint)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' }
  }
}

function subjectOf(cert: x509.X509Certificate | undefined): {
  organization?: string
  commonName?: string
} {
  const name = cert?.subjectName
  return { organization: name?.getField('O')[0], commonName: name?.getField('CN')[0] }
}
