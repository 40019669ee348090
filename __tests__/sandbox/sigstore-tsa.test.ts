/**
 * The timestamp authority stand-in: DER RFC 3161 requests (Go and Python clients) and the JSON
 * form (sigstore-js), answered with tokens that verify against the trusted root's TSA chain.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { RFC3161Timestamp } from '@sigstore/core'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { startStack, trustedRootJson, type Stack } from './sigstore-fixture.js'

const SHA256 = '2.16.840.1.101.3.4.2.1'

function derRequest(
  digest: Buffer,
  opts: {
    nonce?: bigint
    certReq?: boolean
    policy?: string
    hashOid?: string
    extension?: boolean
  } = {}
): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: opts.hashOid ?? SHA256,
        algorithmParams: new asn1js.Null()
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest })
    }),
    ...(opts.nonce !== undefined ? { nonce: asn1js.Integer.fromBigInt(opts.nonce) } : {}),
    ...(opts.policy ? { reqPolicy: opts.policy } : {}),
    ...(opts.extension
      ? {
          extensions: [
            new pkijs.Extension({ extnID: '1.2.3.4', extnValue: new asn1js.Null().toBER() })
          ]
        }
      : {}),
    certReq: opts.certReq ?? false
  })
  return Buffer.from(req.toSchema().toBER())
}

async function post(
  url: string,
  body: Buffer | string,
  contentType: string
): Promise<{ status: number; type: string | null; body: Buffer<ArrayBuffer> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body })
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer())
  }
}

function parseResponse(der: Buffer): {
  status: number
  tstInfo: pkijs.TSTInfo
  signedData: pkijs.SignedData
} {
  const resp = pkijs.TimeStampResp.fromBER(der)
  const signedData = new pkijs.SignedData({ schema: resp.timeStampToken?.content })
  const eContent = signedData.encapContentInfo.eContent as asn1js.OctetString
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.valueBlock.valueHexView)
  return { status: resp.status.status, tstInfo, signedData }
}

describe('timestamp authority stand-in', () => {
  let stack: Stack
  let url: string
  let leafKey: ReturnType<typeof createPublicKey>
  const data = Buffer.from('signature bytes')
  const digest = createHash('sha256').update(data).digest()

  beforeAll(async () => {
    stack = await startStack()
    url = `${stack.sigstore.tsaUrl}/api/v1/timestamp`
    const leaf =
      trustedRootJson(stack.sigstore).timestampAuthorities[0]?.certChain.certificates[0]
        ?.rawBytes ?? ''
    leafKey = createPublicKey({
      key: Buffer.from(new x509.X509Certificate(Buffer.from(leaf, 'base64')).publicKey.rawData),
      format: 'der',
      type: 'spki'
    })
  })
  afterAll(() => stack.close())

  it('answers a DER TimeStampReq with a granted, verifiable token echoing the nonce', async () => {
    const nonce = BigInt(`0x${randomBytes(16).toString('hex')}`)
    const res = await post(
      url,
      derRequest(digest, { nonce, certReq: true }),
      'application/timestamp-query'
    )
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/timestamp-reply')
    const { status, tstInfo, signedData } = parseResponse(res.body)
    expect(status).toBe(0)
    expect(tstInfo.policy).toBe('1.3.6.1.4.1.57264.2')
    expect(tstInfo.messageImprint.hashAlgorithm.algorithmId).toBe(SHA256)
    expect(Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView)).toEqual(
      digest
    )
    expect(tstInfo.nonce?.toBigInt()).toBe(nonce)
    expect(tstInfo.genTime.getTime() % 1000).toBe(0)
    expect(tstInfo.accuracy?.seconds).toBe(1)
    expect(signedData.certificates).toHaveLength(1)

    const parsed = RFC3161Timestamp.parse(res.body)
    expect(parsed.status).toBe(0n)
    expect(parsed.tstInfo.genTime.getTime()).toBe(tstInfo.genTime.getTime())
    expect(() => parsed.verify(data, leafKey)).not.toThrow()
    expect(() => parsed.verify(Buffer.from('other'), leafKey)).toThrow()

    // pkijs checks the CMS signature and the chain to the trusted root on its own.
    const rootDer =
      trustedRootJson(stack.sigstore).timestampAuthorities[0]?.certChain.certificates[1]
        ?.rawBytes ?? ''
    const root = pkijs.Certificate.fromBER(Buffer.from(rootDer, 'base64'))
    const resp = pkijs.TimeStampResp.fromBER(res.body)
    const bytes = (b: Buffer): ArrayBuffer => new Uint8Array(b).buffer
    expect(await resp.verify({ signer: 0, trustedCerts: [root], data: bytes(data) })).toBe(true)
    await expect(
      resp.verify({ signer: 0, trustedCerts: [root], data: bytes(Buffer.from('x')) })
    ).rejects.toThrow()
  })

  it('answers the JSON form, keeping a nonce beyond 2^53 exact and leaving the certificate out', async () => {
    const nonce = 12345678901234567890123n
    const body = `{"artifactHash":"${digest.toString('base64')}","hashAlgorithm":"sha256","nonce":${nonce}}`
    const res = await post(url, body, 'application/json; charset=utf-8')
    expect(res.status).toBe(200)
    const { tstInfo, signedData } = parseResponse(res.body)
    expect(tstInfo.nonce?.toBigInt()).toBe(nonce)
    expect(signedData.certificates ?? []).toHaveLength(0)
    expect(() => RFC3161Timestamp.parse(res.body).verify(data, leafKey)).not.toThrow()
    const sha512 = createHash('sha512').update(data).digest()
    const big = await post(
      url,
      JSON.stringify({
        artifactHash: sha512.toString('base64'),
        hashAlgorithm: 'SHA512',
        certificates: true
      }),
      'application/json'
    )
    expect(parseResponse(big.body).tstInfo.messageImprint.hashAlgorithm.algorithmId).toBe(
      '2.16.840.1.101.3.4.2.3'
    )
  })

  it('refuses what sigstore/timestamp-authority refuses', async () => {
    const json = (o: object): string =>
      JSON.stringify({ artifactHash: digest.toString('base64'), hashAlgorithm: 'sha256', ...o })
    const cases: [Buffer | string, string, number, string][] = [
      [
        json({ hashAlgorithm: 'sha1', artifactHash: randomBytes(20).toString('base64') }),
        'application/json',
        400,
        'Weak hash algorithm in timestamp request'
      ],
      [
        json({ hashAlgorithm: 'md5' }),
        'application/json',
        400,
        'Error generating timestamp response'
      ],
      [
        json({ artifactHash: randomBytes(31).toString('base64') }),
        'application/json',
        400,
        'Message digest has incorrect length for specified algorithm'
      ],
      [
        json({ tsaPolicyOID: '1.2.3' }),
        'application/json',
        400,
        'unaccepted policy: requested TSA policy is not supported by the TSA'
      ],
      [json({ nonce: 'x' }), 'application/json', 400, 'Error generating timestamp response'],
      [json({ pad: 'x'.repeat(2000) }), 'application/json', 400, 'timestamp request is too large'],
      ['{', 'application/json', 400, 'Error generating timestamp response'],
      [
        derRequest(digest, { hashOid: '1.3.14.3.2.26' }).toString('latin1'),
        'application/timestamp-query',
        400,
        'Weak hash algorithm in timestamp request'
      ],
      [
        derRequest(digest, { hashOid: '1.2.3.4' }),
        'application/timestamp-query',
        400,
        'Error generating timestamp response'
      ],
      [
        derRequest(digest, { extension: true }),
        'application/timestamp-query',
        400,
        'unaccepted extension: requested extensions are not supported by the TSA'
      ],
      [
        derRequest(digest, { policy: '1.2.3' }),
        'application/timestamp-query',
        400,
        'unaccepted policy: requested TSA policy is not supported by the TSA'
      ],
      [
        Buffer.from('garbage'),
        'application/timestamp-query',
        400,
        'Error generating timestamp response'
      ],
      [json({}), 'application/xml', 400, 'Error generating timestamp response'],
      [json({}), 'text/plain', 415, 'Error generating timestamp response']
    ]
    for (const [body, type, status, message] of cases) {
      const res = await post(
        url,
        typeof body === 'string' && type === 'application/timestamp-query'
          ? Buffer.from(body, 'latin1')
          : body,
        type
      )
      expect([res.status, JSON.parse(res.body.toString())]).toEqual([
        status,
        { code: status, message }
      ])
    }
  })

  it('serves its chain: a timeStamping leaf under the root of the trusted root', async () => {
    const res = await fetch(`${stack.sigstore.tsaUrl}/api/v1/timestamp/certchain`)
    expect(res.headers.get('content-type')).toBe('application/pem-certificate-chain')
    const pems =
      (await res.text()).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? []
    expect(pems).toHaveLength(2)
    const [leaf, root] = pems.map((p) => new x509.X509Certificate(p))
    const eku = leaf?.getExtension(x509.ExtendedKeyUsageExtension)
    expect(eku?.critical).toBe(true)
    expect(eku?.usages).toEqual([x509.ExtendedKeyUsage.timeStamping])
    expect(leaf?.issuerName.getField('O')).toEqual(['sign-release sandbox'])
    expect(await leaf?.verify({ publicKey: root, signatureOnly: true })).toBe(true)
    const trusted = trustedRootJson(stack.sigstore).timestampAuthorities[0]
    expect(trusted?.uri).toBe(`${stack.sigstore.tsaUrl}/api/v1/timestamp`)
    expect(trusted?.certChain.certificates.map((c) => c.rawBytes)).toEqual(
      [leaf, root].map((c) => Buffer.from(c?.rawData ?? new ArrayBuffer(0)).toString('base64'))
    )
  })
})
