/**
 * The per-asset files cosign v2 and downloaders read, derived from a real bundle (signed by the
 * sandbox's Fulcio for `app v1`): the `.sig` verifies the asset's bytes with the key of the `.pem`,
 * the `.pem` is the bundle's certificate, and the `.sigstore.json` is the bundle itself.
 */
import { createPublicKey, verify, X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { certificatePem, sidecarContent, signatureOf } from '../../src/sidecars.js'
import { startOwnedRelease, type OwnedRelease } from '../helpers/owned-release.js'

let owned: OwnedRelease
let bundle: SerializedBundle

beforeAll(async () => {
  owned = await startOwnedRelease()
  bundle = owned.bundles.ours
})
afterAll(async () => {
  await owned.stack.close()
})

describe('sidecar files', () => {
  it('gives a .sig and a .pem that verify the asset as cosign v2 does', () => {
    const sig = Buffer.from(sidecarContent(bundle, 'sig').toString('utf8'), 'base64')
    const pem = sidecarContent(bundle, 'pem').toString('utf8')
    const key = createPublicKey(
      new X509Certificate(pem).publicKey.export({ format: 'pem', type: 'spki' })
    )
    expect(verify('sha256', Buffer.from('app v1'), key, sig)).toBe(true)
    expect(verify('sha256', Buffer.from('app v2'), key, sig)).toBe(false)
  })

  it('writes the .pem as the bundle certificate in PEM, 64 columns', () => {
    const pem = certificatePem(bundle)
    expect(new X509Certificate(pem).raw.toString('base64')).toBe(
      bundle.verificationMaterial.certificate?.rawBytes
    )
    const body = pem.split('\n').slice(1, -2)
    expect(body.slice(0, -1).every((line) => line.length === 64)).toBe(true)
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/)
  })

  it('reads the certificate of an older bundle from its chain', () => {
    const { certificate, ...material } = bundle.verificationMaterial
    const older = {
      ...bundle,
      verificationMaterial: {
        ...material,
        x509CertificateChain: { certificates: [{ rawBytes: certificate?.rawBytes ?? '' }] }
      }
    } as SerializedBundle
    expect(certificatePem(older)).toBe(certificatePem(bundle))
  })

  it('writes the bundle as JSON, and the signature as cosign writes it (base64)', () => {
    expect(JSON.parse(sidecarContent(bundle, 'bundle').toString('utf8'))).toEqual(bundle)
    expect(signatureOf(bundle)).toBe(bundle.messageSignature?.signature)
    expect(sidecarContent(bundle, 'sig').toString('utf8')).toMatch(/^[A-Za-z0-9+/]+=*$/)
  })

  it('refuses a bundle without a message signature or a certificate', () => {
    const dsse = { ...bundle, messageSignature: undefined } as SerializedBundle
    expect(() => sidecarContent(dsse, 'sig')).toThrow('no message signature')
    const keyOnly = {
      ...bundle,
      verificationMaterial: { ...bundle.verificationMaterial, certificate: undefined }
    } as SerializedBundle
    expect(() => sidecarContent(keyOnly, 'pem')).toThrow('no certificate')
  })
})
