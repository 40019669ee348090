/**
 * One ephemeral P-256 key and one Fulcio certificate for the whole run. Assets are signed from their
 * SHA-256 digest (a prehashed ECDSA signature), so no asset is ever held in memory.
 */
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto'
import { signPrehashed } from '../util/p256.js'
import { FulcioSigner, type Signature, type Signer } from '@sigstore/sign'
import { sigstoreError } from './sigstore-errors.js'

/** @sigstore/sign's per-request deadline and retries (promise-retry's options). */
export interface FetchOptions {
  timeout: number
  retry: { retries: number; minTimeout: number; factor: number }
}

export interface RunSigner {
  certificatePem: string
  certificateDer: Buffer
  /** ECDSA-SHA256 signature (DER) of data whose SHA-256 is `digest`. */
  signDigest(digest: Buffer): Buffer
  /** The same key and certificate as a sigstore-js Signer, for DSSE envelopes. */
  signer: Signer
}

export async function createRunSigner(
  fulcioUrl: string,
  token: string,
  fetch: FetchOptions
): Promise<RunSigner> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString()
  const keyHolder: Signer = {
    sign: (data: Buffer): Promise<Signature> =>
      Promise.resolve({
        signature: nodeSign('sha256', data, privateKey),
        key: { $case: 'publicKey', publicKey: publicPem }
      })
  }
  const fulcio = new FulcioSigner({
    fulcioBaseURL: fulcioUrl,
    identityProvider: { getToken: () => Promise.resolve(token) },
    keyHolder,
    timeout: fetch.timeout,
    retry: fetch.retry
  })
  let certificatePem: string
  try {
    const signed = await fulcio.sign(Buffer.from('sign-release'))
    if (signed.key.$case !== 'x509Certificate') throw new Error('Fulcio returned no certificate')
    certificatePem = signed.key.certificate
  } catch (error) {
    throw sigstoreError(error, { fulcioUrl }, undefined, 'FULCIO')
  }
  const secret = secretScalar(privateKey)
  const certificateDer = pemToDer(certificatePem)
  const certificateKey = { $case: 'x509Certificate' as const, certificate: certificatePem }
  return {
    certificatePem,
    certificateDer,
    signDigest: (digest) => Buffer.from(signPrehashed(secret, digest)),
    signer: {
      sign: (data: Buffer): Promise<Signature> =>
        Promise.resolve({ signature: nodeSign('sha256', data, privateKey), key: certificateKey })
    }
  }
}

function secretScalar(privateKey: KeyObject): Uint8Array {
  const d = privateKey.export({ format: 'jwk' }).d
  if (!d) throw new Error('P-256 key without a private scalar')
  return Buffer.from(d, 'base64url')
}

export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '')
  return Buffer.from(body, 'base64')
}
