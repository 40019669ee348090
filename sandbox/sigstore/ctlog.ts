/**
 * The certificate transparency log behind Fulcio: it signs RFC 6962 precertificate SCTs, which
 * Fulcio embeds in the certificates it issues. It has no HTTP API of its own (clients only verify
 * SCTs against its key from the trusted root).
 */
import { createHash, sign } from 'node:crypto'
import * as asn1js from 'asn1js'
import type { KeyPair } from './pki.js'
import { x509 } from './x509.js'

export const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2'

export interface CtLog {
  key: KeyPair
  /** SHA-256 of the log's DER public key. */
  logId: Buffer
  /** A serialized SCT (RFC 6962 §3.2) for a precertificate with this TBS, issued by this key. */
  precertificateSct(tbs: Uint8Array, issuerSpki: Uint8Array, time: Date): Buffer
}

export function createCtLog(key: KeyPair): CtLog {
  const logId = createHash('sha256').update(key.spki).digest()
  return {
    key,
    logId,
    precertificateSct(tbs, issuerSpki, time) {
      const timestamp = u64(time.getTime())
      const signed = Buffer.concat([
        Buffer.from([0, 0]), // v1, certificate_timestamp
        timestamp,
        u16(1), // precert_entry
        createHash('sha256').update(issuerSpki).digest(),
        u24(tbs.length),
        tbs,
        u16(0) // no extensions
      ])
      const signature = sign('sha256', signed, key.privateKey)
      return Buffer.concat([
        Buffer.from([0]),
        logId,
        timestamp,
        u16(0),
        Buffer.from([4, 3]), // sha256, ecdsa
        u16(signature.length),
        signature
      ])
    }
  }
}

/** The embedded-SCT extension: an OCTET STRING holding the TLS-encoded SignedCertificateTimestampList. */
export function sctListExtension(scts: Buffer[]): x509.Extension {
  const items = scts.map((sct) => Buffer.concat([u16(sct.length), sct]))
  const list = Buffer.concat([u16(items.reduce((n, b) => n + b.length, 0)), ...items])
  return new x509.Extension(SCT_LIST_OID, false, new asn1js.OctetString({ valueHex: list }).toBER())
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}

function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff])
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}
