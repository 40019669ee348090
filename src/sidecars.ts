/** The bytes of each per-asset file, all derived from the asset's bundle. */
import type { SerializedBundle } from '@sigstore/bundle'
import type { SidecarKind } from './names.js'

export function sidecarContent(bundle: SerializedBundle, kind: SidecarKind): Buffer {
  switch (kind) {
    case 'bundle':
      return Buffer.from(JSON.stringify(bundle))
    case 'sig':
      return Buffer.from(signatureOf(bundle))
    case 'pem':
      return Buffer.from(certificatePem(bundle))
  }
}

/** The base64 signature, as cosign's `--output-signature` writes it. */
export function signatureOf(bundle: SerializedBundle): string {
  const signature = bundle.messageSignature?.signature
  if (!signature) throw new Error('the bundle holds no message signature')
  return signature
}

export function certificatePem(bundle: SerializedBundle): string {
  const material = bundle.verificationMaterial
  const der =
    material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes
  if (!der) throw new Error('the bundle holds no certificate')
  const lines = der.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
