/**
 * A timestamp authority shaped like sigstore/timestamp-authority: `POST /api/v1/timestamp` takes
 * JSON or DER requests and answers a DER TimeStampResp (`application/timestamp-reply`) whose
 * token is a CMS SignedData over a TSTInfo (genTime whole seconds, accuracy 1 s, random serial,
 * ESSCertIDv2 signing-certificate attribute); `GET /api/v1/timestamp/certchain` gives the PEM chain.
 */
import { createHash, randomBytes } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import type { Clock } from './clock.js'
import { SANDBOX_ORG } from './fulcio-ca.js'
import {
  authorityKeyId,
  createCertificate,
  generateKeyPair,
  subjectKeyId,
  toPem,
  type KeyPair
} from './pki.js'
import {
  HASH_OIDS,
  MSG,
  parseDerRequest,
  parseJsonRequest,
  TimestampRequestError,
  TSA_POLICY,
  type TimestampRequest
} from './tsa-request.js'
import { x509 } from './x509.js'
import { json, readBody, Router, type Request, type Response } from '../http/server.js'

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47'
}

export interface TimestampAuthority {
  root: x509.X509Certificate
  leaf: x509.X509Certificate
  timestamp(req: TimestampRequest): Promise<Buffer>
}

const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000

export async function createTimestampAuthority(
  clock: Clock,
  notBefore: Date
): Promise<TimestampAuthority> {
  const rootKey = await generateKeyPair('P-384')
  const leafKey = await generateKeyPair('P-384')
  const notAfter = new Date(notBefore.getTime() + TEN_YEARS)
  const root = await createCertificate({
    subject: `O=${SANDBOX_ORG}, CN=sigstore-tsa-selfsigned`,
    subjectKey: rootKey,
    notBefore,
    notAfter,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true
      ),
      new x509.BasicConstraintsExtension(true, 0, true),
      subjectKeyId(rootKey.spki)
    ]
  })
  const leaf = await createCertificate({
    subject: `O=${SANDBOX_ORG}, CN=sigstore-tsa`,
    issuer: { certificate: root, key: rootKey },
    subjectKey: leafKey.spki,
    notBefore,
    notAfter,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      subjectKeyId(leafKey.spki),
      authorityKeyId(rootKey.spki),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true)
    ]
  })
  const signer = {
    der: Buffer.from(leaf.rawData),
    cert: pkijs.Certificate.fromBER(leaf.rawData),
    key: leafKey
  }
  return { root, leaf, timestamp: (req) => timestamp(req, signer, clock()) }
}

export function tsaRouter(tsa: TimestampAuthority): Router {
  return new Router()
    .on('POST', '/api/v1/timestamp', (req) => handle(tsa, req))
    .on('GET', '/api/v1/timestamp/certchain', () => ({
      status: 200,
      headers: { 'content-type': 'application/pem-certificate-chain' },
      body: toPem(tsa.leaf.rawData) + toPem(tsa.root.rawData)
    }))
}

async function handle(tsa: TimestampAuthority, req: Request): Promise<Response> {
  const body = await readBody(req)
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!mediaType.startsWith('application/')) return json(415, { code: 415, message: MSG.failed })
  try {
    let parsed: TimestampRequest
    if (mediaType === 'application/json') parsed = parseJsonRequest(body)
    else if (mediaType === 'application/timestamp-query') parsed = parseDerRequest(body)
    else throw new TimestampRequestError(MSG.failed)
    return {
      status: 200,
      headers: { 'content-type': 'application/timestamp-reply' },
      body: await tsa.timestamp(parsed)
    }
  } catch (error) {
    if (error instanceof TimestampRequestError)
      return json(400, { code: 400, message: error.message })
    throw error
  }
}

interface Signer {
  der: Buffer
  cert: pkijs.Certificate
  key: KeyPair
}

async function timestamp(req: TimestampRequest, signer: Signer, now: Date): Promise<Buffer> {
  const signingCert = signer.cert
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: req.policy ?? TSA_POLICY,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: HASH_OIDS[req.hashAlgorithm],
        algorithmParams: new asn1js.Null()
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: req.digest })
    }),
    serialNumber: asn1js.Integer.fromBigInt(BigInt(`0x${randomBytes(20).toString('hex')}`)),
    genTime: now,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(req.nonce !== undefined ? { nonce: asn1js.Integer.fromBigInt(req.nonce) } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: signingCert.subject })
  })
  const tstInfoDer = Buffer.from(tstInfo.toSchema().toBER())
  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo })
  // Set after construction so pkijs keeps one primitive OCTET STRING instead of chunking it.
  encapContentInfo.eContent = new asn1js.OctetString({ valueHex: tstInfoDer })

  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.tstInfo })),
      attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: now })),
      attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: sha256(tstInfoDer) })),
      attribute(OID.signingCertificateV2, signingCertificateV2(signer))
    ]
  })
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo,
    certificates: req.certReq ? [signingCert] : undefined,
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signingCert.issuer,
          serialNumber: signingCert.serialNumber
        }),
        signedAttrs
      })
    ]
  })
  await signedData.sign(signer.key.cryptoKeys.privateKey, 0, 'SHA-256', undefined, engine)
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({
      contentType: OID.signedData,
      content: signedData.toSchema(true)
    })
  })
  return Buffer.from(response.toSchema().toBER())
}

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto })

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] })
}

/** RFC 5035 SigningCertificateV2 with one ESSCertIDv2 (hash algorithm defaults to SHA-256). */
function signingCertificateV2({ cert, der }: Signer): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({
        names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })]
      }).toSchema(),
      cert.serialNumber
    ]
  })
  const certId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256(der) }), issuerSerial]
  })
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] })
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest()
}
