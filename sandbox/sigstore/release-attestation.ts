/**
 * GitHub's own release attestation, as GitHub signs it when an immutable release is published: an
 * in-toto statement (predicate https://in-toto.io/attestation/release/v0.2) in a DSSE envelope,
 * signed with a short-lived key whose certificate the GitHub-like instance's CA issues (SAN
 * https://dotcom.releases.github.com, no SCT), with a TSA timestamp over the signature and no log
 * entry.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import * as asn1js from 'asn1js'
import type { Clock } from './clock.js'
import type { FulcioCa } from './fulcio-ca.js'
import { FULCIO_OID } from './github-identity.js'
import type { TimestampAuthority } from './tsa.js'

export const RELEASE_ATTESTATION_SAN = 'https://dotcom.releases.github.com'
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const IN_TOTO = 'application/vnd.in-toto+json'

export type ReleaseAttestor = (statement: object) => Promise<Record<string, unknown>>

export function releaseAttestor(
  ca: FulcioCa,
  tsa: TimestampAuthority,
  clock: Clock
): ReleaseAttestor {
  return async (statement) => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const spki = publicKey.export({ format: 'der', type: 'spki' })
    const identity = {
      subjectAlternativeName: RELEASE_ATTESTATION_SAN,
      extensions: [
        { oid: FULCIO_OID(1), value: Buffer.from(GITHUB_ISSUER) },
        {
          oid: FULCIO_OID(8),
          value: Buffer.from(new asn1js.Utf8String({ value: GITHUB_ISSUER }).toBER())
        }
      ]
    }
    const leaf = await ca.issue(spki, identity, clock(), { sct: false })
    const payload = Buffer.from(JSON.stringify(statement))
    const signature = sign('sha256', pae(IN_TOTO, payload), privateKey)
    const timestamp = await tsa.timestamp({
      hashAlgorithm: 'sha256',
      digest: createHash('sha256').update(signature).digest(),
      certReq: true
    })
    return {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {
        certificate: { rawBytes: Buffer.from(leaf.rawData).toString('base64') },
        tlogEntries: [],
        timestampVerificationData: {
          rfc3161Timestamps: [{ signedTimestamp: timestamp.toString('base64') }]
        }
      },
      dsseEnvelope: {
        payload: payload.toString('base64'),
        payloadType: IN_TOTO,
        signatures: [{ sig: signature.toString('base64'), keyid: '' }]
      }
    }
  }
}

/** DSSE's pre-authentication encoding. */
function pae(type: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `),
    payload
  ])
}
