/**
 * The trust material of the real servers, built from their own keys and chains: a trusted root
 * with rekor-tiles (Ed25519, its log ID the checkpoint key ID), Fulcio's CA, TesseraCT and the
 * TSA, and a signing config that lists the v2 log and the TSA.
 */
import { X509Certificate, type KeyObject } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { rfc3339 } from '../../../sandbox/sigstore/clock.js'
import { noteKeyId } from '../../../sandbox/sigstore/signed-note.js'
import {
  SIGNING_CONFIG_MEDIA_TYPE,
  TRUSTED_ROOT_MEDIA_TYPE
} from '../../../sandbox/sigstore/trust.js'
import type { Trust } from '../release.js'
import type { RealServers } from './servers.js'

const OPERATOR = 'sign-release.interop'

export async function writeRealTrust(
  servers: RealServers,
  oidcUrl: string,
  dir: string
): Promise<Trust> {
  // Every validity starts before the servers made their keys: an hour back covers clock skew.
  const start = { start: rfc3339(new Date(Date.now() - 3_600_000)) }
  const der = (pem: string): string => Buffer.from(new X509Certificate(pem).raw).toString('base64')
  const tsaEndpoint = `${servers.tsa.url}/api/v1/timestamp`
  const trustedRoot = {
    mediaType: TRUSTED_ROOT_MEDIA_TYPE,
    tlogs: [
      {
        baseUrl: servers.rekor.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: spki(servers.rekor.publicKey),
          keyDetails: 'PKIX_ED25519',
          validFor: start
        },
        logId: {
          keyId: noteKeyId(servers.rekor.origin, servers.rekor.publicKey).toString('base64')
        }
      }
    ],
    certificateAuthorities: [
      {
        // sigstore-python wants the CA's subject to have a common name, which the ephemeral CA's
        // certificate lacks; the trusted root names one instead.
        subject: subjectOf(servers.fulcio.chain, 'fulcio'),
        uri: servers.fulcio.url,
        certChain: { certificates: servers.fulcio.chain.map((c) => ({ rawBytes: der(c) })) },
        validFor: start
      }
    ],
    ctlogs: [
      {
        baseUrl: servers.ctlog.url,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: servers.ctlog.spki.toString('base64'),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: start
        },
        logId: { keyId: servers.ctlog.logId.toString('base64') }
      }
    ],
    timestampAuthorities: [
      {
        subject: subjectOf(servers.tsa.chain, 'timestamp-authority'),
        uri: tsaEndpoint,
        certChain: { certificates: servers.tsa.chain.map((c) => ({ rawBytes: der(c) })) },
        validFor: start
      }
    ]
  }
  const service = (url: string, majorApiVersion = 1): object => ({
    url,
    majorApiVersion,
    validFor: start,
    operator: OPERATOR
  })
  const signingConfig = {
    mediaType: SIGNING_CONFIG_MEDIA_TYPE,
    caUrls: [service(servers.fulcio.url)],
    oidcUrls: [service(oidcUrl)],
    rekorTlogUrls: [service(servers.rekor.url, 2)],
    tsaUrls: [service(tsaEndpoint)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' }
  }
  const paths = {
    trustedRoot: join(dir, 'trusted_root.json'),
    signingConfig: join(dir, 'signing_config.json')
  }
  await writeFile(paths.trustedRoot, JSON.stringify(trustedRoot, null, 2))
  await writeFile(paths.signingConfig, JSON.stringify(signingConfig, null, 2))
  return paths
}

function spki(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64')
}

/** The root certificate's organisation and common name, `commonName` where it has none. */
function subjectOf(
  chain: string[],
  commonName: string
): { organization?: string; commonName: string } {
  const root = chain.at(-1)
  const subject = root ? new X509Certificate(root).subject : ''
  const field = (name: string): string | undefined =>
    new RegExp(`(?:^|\\n)${name}=([^\\n]+)`).exec(subject)?.[1]
  return { organization: field('O'), commonName: field('CN') ?? commonName }
}
