/**
 * Rekor v2 logging for both bundle kinds. @sigstore/sign 5.1's RekorWitness (majorApiVersion 2)
 * logs a message signature as `hashedrekord` 0.0.2, but sends a DSSE envelope as a
 * `dsseRequestV002`, which Rekor v2 refuses since the dsse type was dropped in May 2026 (HTTP 400
 * "invalid type, must be hashedrekord"). The current spec logs a DSSE envelope as `hashedrekord`
 * 0.0.2 over the SHA-256 of its pre-authentication encoding, with the envelope's signature: what
 * sigstore-go does (sigstore/sigstore-go#627; sigstore-python#1776 likewise) and what @sigstore/verify
 * ≥ 4.1 checks (its DSSE content compares the signed digest with the digest of the PAE). This
 * witness hands the library that hashedrekord request for a DSSE envelope, so requests, retries and
 * error codes stay the library's. Drop it once @sigstore/sign sends DSSE as hashedrekord itself.
 */
import { createHash } from 'node:crypto'
import { HashAlgorithm } from '@sigstore/protobuf-specs'
import {
  RekorWitness,
  type SignatureBundle,
  type VerificationMaterial,
  type Witness
} from '@sigstore/sign'
import type { FetchOptions } from './signer.js'

export class RekorV2Witness implements Witness {
  private readonly rekor: RekorWitness

  constructor(rekorBaseURL: string, fetch: FetchOptions) {
    this.rekor = new RekorWitness({ rekorBaseURL, majorApiVersion: 2, ...fetch })
  }

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    if (content.$case === 'messageSignature') return this.rekor.testify(content, publicKey)
    const { payloadType, payload, signatures } = content.dsseEnvelope
    const signature = signatures[0]?.sig
    if (signatures.length !== 1 || !signature)
      throw new Error('a DSSE envelope for Rekor v2 must carry exactly one signature')
    const digest = createHash('sha256').update(preAuthEncoding(payloadType, payload)).digest()
    return this.rekor.testify(
      {
        $case: 'messageSignature',
        messageSignature: {
          messageDigest: { algorithm: HashAlgorithm.SHA2_256, digest },
          signature
        }
      },
      publicKey
    )
  }
}

/** DSSE v1 PAE: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType)
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload
  ])
}
