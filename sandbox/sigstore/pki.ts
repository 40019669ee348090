/**
 * Keys and X.509 certificates for the stand-ins' CAs: ECDSA key pairs usable both by WebCrypto
 * (certificate and CMS signing) and node:crypto, and a certificate issuer shaped like Go's
 * x509.CreateCertificate output as the real services produce it.
 */
import { createHash, KeyObject, randomBytes, type webcrypto } from 'node:crypto'
import * as asn1js from 'asn1js'
import { x509 } from './x509.js'

export type Curve = 'P-256' | 'P-384'

export interface KeyPair {
  curve: Curve
  cryptoKeys: webcrypto.CryptoKeyPair
  privateKey: KeyObject
  publicKey: KeyObject
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer
}

const HASH_OF: Record<Curve, string> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384' }

export async function generateKeyPair(curve: Curve): Promise<KeyPair> {
  const cryptoKeys = await globalThis.crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: curve },
    true,
    ['sign', 'verify']
  )
  return {
    curve,
    cryptoKeys,
    privateKey: KeyObject.from(cryptoKeys.privateKey),
    publicKey: KeyObject.from(cryptoKeys.publicKey),
    spki: Buffer.from(await globalThis.crypto.subtle.exportKey('spki', cryptoKeys.publicKey))
  }
}

/** The key's own strength: ecdsa-with-SHA256 for P-256, ecdsa-with-SHA384 for P-384. */
export function ecdsaAlgorithm(curve: Curve): { name: string; hash: string } {
  return { name: 'ECDSA', hash: HASH_OF[curve] }
}

/** RFC 5280 method 1 key identifier: SHA-1 of the subjectPublicKey bits (Go and Fulcio use it). */
export function keyIdentifier(spki: Uint8Array): Buffer {
  const parsed = asn1js.fromBER(spki)
  const bits = (parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.BitString
  return createHash('sha1').update(bits.valueBlock.valueHexView).digest()
}

/** A positive 20-byte serial number, as Go's cryptoutils.GenerateSerialNumber makes. */
export function randomSerial(): string {
  const bytes = randomBytes(20)
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01
  return bytes.toString('hex')
}

export interface CertificateSpec {
  subject: string
  /** The issuer's certificate and key; self-signed when absent. */
  issuer?: { certificate: x509.X509Certificate; key: KeyPair }
  /** The subject's key (self-signed certificates), or its DER SubjectPublicKeyInfo. */
  subjectKey: KeyPair | Buffer
  notBefore: Date
  notAfter: Date
  /** Extensions, in order (place `subjectKeyId`/`authorityKeyId` where the real service does). */
  extensions: x509.Extension[]
  serialNumber?: string
}

export async function createCertificate(spec: CertificateSpec): Promise<x509.X509Certificate> {
  const spki = Buffer.isBuffer(spec.subjectKey) ? spec.subjectKey : spec.subjectKey.spki
  const signer =
    spec.issuer?.key ?? (Buffer.isBuffer(spec.subjectKey) ? undefined : spec.subjectKey)
  if (!signer) throw new Error('a self-signed certificate needs the subject key pair')
  return x509.X509CertificateGenerator.create({
    serialNumber: spec.serialNumber ?? randomSerial(),
    subject: spec.subject,
    issuer: spec.issuer ? spec.issuer.certificate.subject : spec.subject,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: spki,
    signingKey: signer.cryptoKeys.privateKey,
    signingAlgorithm: ecdsaAlgorithm(signer.curve),
    extensions: spec.extensions
  })
}

export function subjectKeyId(spki: Uint8Array): x509.Extension {
  return new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki).toString('hex'))
}

export function authorityKeyId(issuerSpki: Uint8Array): x509.Extension {
  return new x509.AuthorityKeyIdentifierExtension(keyIdentifier(issuerSpki).toString('hex'))
}

/** PEM as Go's pem.Encode writes it (64-column base64, trailing newline), which Rekor stores. */
export function toPem(der: ArrayBuffer | Uint8Array, label = 'CERTIFICATE'): string {
  const lines =
    Buffer.from(new Uint8Array(der))
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/** All PEM blocks of a text, with their labels. */
export function fromPem(text: string): { label: string; der: Buffer }[] {
  const blocks: { label: string; der: Buffer }[] = []
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g
  for (const m of text.matchAll(re)) {
    blocks.push({ label: m[1] ?? '', der: Buffer.from((m[2] ?? '').replace(/\s+/g, ''), 'base64') })
  }
  return blocks
}
