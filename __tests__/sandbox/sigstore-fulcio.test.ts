/**
 * The Fulcio stand-in over HTTP: it verifies the OIDC token as Fulcio does, takes a public key
 * with proof of possession or a PEM CSR sent base64 (sigstore-python), and issues certificates
 * with the GitHub workflow identity, an embedded SCT and a leaf → intermediate → root chain.
 */
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as asn1js from 'asn1js'
import { UnsecuredJWT } from 'jose'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { claimsFor, defaultContext } from '../../sandbox/oidc/context.js'
import { startOidc } from '../../sandbox/oidc/service.js'
import { ClaimError, githubWorkflowIdentity } from '../../sandbox/sigstore/github-identity.js'
import { startSigstore } from '../../sandbox/sigstore/index.js'
import { getJson, postJson, startStack, trustedRootJson, type Stack } from './sigstore-fixture.js'

interface CertResponse {
  signedCertificateEmbeddedSct: { chain: { certificates: string[] } }
}
interface ErrorResponse {
  code: number
  message: string
  details: unknown[]
}

const pem = (key: KeyObject): string => key.export({ format: 'pem', type: 'spki' }).toString()

function keyRequest(
  token: string,
  key = generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  subject?: string
) {
  const sub =
    subject ??
    (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string })
      .sub
  return {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: {
      publicKey: { algorithm: 'ECDSA', content: pem(key.publicKey) },
      proofOfPossession: sign('sha256', Buffer.from(sub), key.privateKey).toString('base64')
    }
  }
}

const utf8 = (der: ArrayBuffer): string =>
  (asn1js.fromBER(der).result as asn1js.Utf8String).valueBlock.value

describe('Fulcio stand-in', () => {
  let stack: Stack
  let url: string

  beforeAll(async () => {
    stack = await startStack()
    url = `${stack.sigstore.fulcioUrl}/api/v2/signingCert`
  })
  afterAll(() => stack.close())

  it('issues a 10-minute code-signing certificate carrying the GitHub workflow identity', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const res = await postJson<CertResponse>(
      url,
      keyRequest(await stack.oidc.mint('sigstore'), key)
    )
    expect(res.status).toBe(200)
    const [leafPem, intermediatePem, rootPem, ...rest] =
      res.json.signedCertificateEmbeddedSct.chain.certificates
    expect(rest).toEqual([])
    const leaf = new x509.X509Certificate(leafPem ?? '')
    const intermediate = new x509.X509Certificate(intermediatePem ?? '')
    const root = new x509.X509Certificate(rootPem ?? '')

    expect(Buffer.from(leaf.publicKey.rawData)).toEqual(
      key.publicKey.export({ format: 'der', type: 'spki' })
    )
    expect(leaf.subject).toBe('')
    expect(leaf.issuer).toBe(intermediate.subject)
    expect(intermediate.issuer).toBe(root.subject)
    expect(leaf.issuerName.getField('O')).toEqual(['sign-release sandbox'])
    expect(await leaf.verify({ publicKey: intermediate, signatureOnly: true })).toBe(true)
    expect(await intermediate.verify({ publicKey: root, signatureOnly: true })).toBe(true)
    expect(await root.verify({ signatureOnly: true })).toBe(true)
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(10 * 60 * 1000)
    expect(leaf.notBefore.getTime() % 1000).toBe(0)

    const usage = leaf.getExtension(x509.KeyUsagesExtension)
    expect(usage?.critical).toBe(true)
    expect(usage?.usages).toBe(x509.KeyUsageFlags.digitalSignature)
    expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
      x509.ExtendedKeyUsage.codeSigning
    ])
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)
    expect(san?.critical).toBe(true)
    const ctx = stack.oidc.context()
    const gh = 'https://github.com'
    expect(san?.names.items.map((n) => [n.type, n.value])).toEqual([
      ['url', `${gh}/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0`]
    ])

    const ext = (n: number): ArrayBuffer => {
      const e = leaf.getExtension(`1.3.6.1.4.1.57264.1.${n}`)
      if (!e) throw new Error(`no extension 1.${n}`)
      return e.value
    }
    const raw = (n: number): string => Buffer.from(ext(n)).toString()
    expect([1, 2, 3, 4, 5, 6].map(raw)).toEqual([
      stack.oidc.issuer,
      ctx.eventName,
      ctx.sha,
      ctx.workflowName,
      ctx.repository,
      ctx.ref
    ])
    const v2 = Object.fromEntries(
      [...Array(17).keys()]
        .map((i) => i + 8)
        .filter((n) => n !== 23)
        .map((n) => [n, utf8(ext(n))])
    )
    expect(v2).toEqual({
      8: stack.oidc.issuer,
      9: `${gh}/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0`,
      10: ctx.sha,
      11: 'github-hosted',
      12: `${gh}/octo-org/octo-repo`,
      13: ctx.sha,
      14: 'refs/tags/v1.0.0',
      15: String(ctx.repositoryId),
      16: `${gh}/octo-org`,
      17: String(ctx.repositoryOwnerId),
      18: `${gh}/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0`,
      19: ctx.sha,
      20: 'push',
      21: `${gh}/octo-org/octo-repo/actions/runs/${ctx.runId}/attempts/${ctx.runAttempt}`,
      22: 'public',
      24: `repo:octo-org/octo-repo:ref:refs/tags/v1.0.0`
    })
    expect(leaf.getExtension('1.3.6.1.4.1.57264.1.23')).toBeNull()
    expect(leaf.getExtension('1.3.6.1.4.1.11129.2.4.2')).not.toBeNull()
  })

  it('embeds an SCT signed by the CT log of the trusted root over the precertificate', async () => {
    const res = await postJson<CertResponse>(url, keyRequest(await stack.oidc.mint('sigstore')))
    const [leafPem, intermediatePem] = res.json.signedCertificateEmbeddedSct.chain.certificates
    const leaf = new x509.X509Certificate(leafPem ?? '')
    const intermediate = new x509.X509Certificate(intermediatePem ?? '')
    // The TLS-encoded list inside the extension's OCTET STRING: one SCT.
    const listDer = asn1js.fromBER(
      leaf.getExtension('1.3.6.1.4.1.11129.2.4.2')?.value ?? new ArrayBuffer(0)
    )
    const list = Buffer.from((listDer.result as asn1js.OctetString).valueBlock.valueHexView)
    expect(list.readUInt16BE(0)).toBe(list.length - 2)
    const sct = list.subarray(4, 4 + list.readUInt16BE(2))
    const ctlog = trustedRootJson(stack.sigstore).ctlogs[0]
    expect(sct.subarray(1, 33).toString('base64')).toBe(ctlog?.logId.keyId)
    expect(Number(sct.readBigUInt64BE(33))).toBe(leaf.notBefore.getTime())

    // Rebuild the precertificate TBS: the leaf's TBS without the SCT extension.
    const cert = asn1js.fromBER(leaf.rawData).result as asn1js.Sequence
    const tbs = cert.valueBlock.value[0] as asn1js.Sequence
    const extsWrapper = tbs.valueBlock.value.find(
      (v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 3
    ) as asn1js.Constructed
    const exts = extsWrapper.valueBlock.value[0] as asn1js.Sequence
    exts.valueBlock.value = exts.valueBlock.value.filter(
      (e) =>
        (
          (e as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier
        ).valueBlock.toString() !== '1.3.6.1.4.1.11129.2.4.2'
    )
    const tbsDer = Buffer.from(tbs.toBER())
    const issuerKeyHash = createHash('sha256')
      .update(Buffer.from(intermediate.publicKey.rawData))
      .digest()
    const len = Buffer.from([
      (tbsDer.length >> 16) & 0xff,
      (tbsDer.length >> 8) & 0xff,
      tbsDer.length & 0xff
    ])
    const signed = Buffer.concat([
      Buffer.from([0, 0]),
      sct.subarray(33, 41),
      Buffer.from([0, 1]),
      issuerKeyHash,
      len,
      tbsDer,
      Buffer.from([0, 0])
    ])
    const sigLength = sct.readUInt16BE(45)
    expect(sct.subarray(41, 45)).toEqual(Buffer.from([0, 0, 4, 3]))
    const ctKey = {
      key: Buffer.from(ctlog?.publicKey.rawBytes ?? '', 'base64'),
      format: 'der' as const,
      type: 'spki' as const
    }
    expect(verify('sha256', signed, ctKey, sct.subarray(47, 47 + sigLength))).toBe(true)
  })

  it('accepts a PEM CSR sent base64, as sigstore-python sends it, and a bearer token', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      keys,
      signingAlgorithm: alg,
      name: 'E=octocat@example.com'
    })
    const body = { certificateSigningRequest: Buffer.from(csr.toString('pem')).toString('base64') }
    const res = await postJson<CertResponse>(url, body, {
      authorization: `Bearer ${await stack.oidc.mint('sigstore')}`
    })
    expect(res.status).toBe(200)
    const leaf = new x509.X509Certificate(
      res.json.signedCertificateEmbeddedSct.chain.certificates[0] ?? ''
    )
    expect(Buffer.from(leaf.publicKey.rawData)).toEqual(
      Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey))
    )

    const garbage = await postJson<ErrorResponse>(
      url,
      { certificateSigningRequest: Buffer.from('not a csr').toString('base64') },
      {
        authorization: `Bearer ${await stack.oidc.mint('sigstore')}`
      }
    )
    expect(garbage.status).toBe(400)
    expect(garbage.json.message).toBe('The certificate signing request could not be parsed')
    const der = await postJson<ErrorResponse>(
      url,
      { certificateSigningRequest: Buffer.from(csr.rawData).toString('base64') },
      {
        authorization: `Bearer ${await stack.oidc.mint('sigstore')}`
      }
    )
    expect(der.status).toBe(400)
  })

  it('refuses a CSR whose signature does not verify', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
    const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])
    const csr = Buffer.from(
      (await x509.Pkcs10CertificateRequestGenerator.create({ keys, signingAlgorithm: alg })).rawData
    )
    csr[csr.length - 5] = (csr[csr.length - 5] ?? 0) ^ 0xff
    const pemCsr = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`
    const res = await postJson<ErrorResponse>(url, {
      credentials: { oidcIdentityToken: await stack.oidc.mint('sigstore') },
      certificateSigningRequest: Buffer.from(pemCsr).toString('base64')
    })
    expect(res.status).toBe(400)
    expect(res.json.message).toBe('The signature supplied in the request could not be verified')
  })

  it('refuses tokens Fulcio refuses: other issuer, bad signature, wrong audience, none', async () => {
    const other = await startOidc()
    try {
      const token = await stack.oidc.mint('sigstore')
      const [h, p, s] = token.split('.')
      const badSig = `${h}.${p}.${(s ?? '').slice(0, -4)}AAAA`
      const refused = [
        keyRequest(await other.mint('sigstore'), undefined, 'x'),
        keyRequest(badSig),
        keyRequest(await stack.oidc.mint('nobody')),
        keyRequest('not.a.jwt', undefined, 'x'),
        { publicKeyRequest: keyRequest(token).publicKeyRequest }
      ]
      for (const body of refused) {
        const res = await postJson<ErrorResponse>(url, body)
        expect(res.status).toBe(400)
        expect(res.json).toEqual({
          code: 3,
          message: 'There was an error processing the identity token',
          details: []
        })
      }
    } finally {
      await other.close()
    }
  })

  it('refuses a token when the issuer cannot be discovered', async () => {
    const issuer = 'http://127.0.0.1:9'
    const sigstore = await startSigstore({ oidcIssuer: issuer })
    try {
      const token = new UnsecuredJWT({ ...claimsFor(defaultContext) })
        .setIssuer(issuer)
        .setAudience('sigstore')
        .encode()
      const res = await postJson<ErrorResponse>(
        `${sigstore.fulcioUrl}/api/v2/signingCert`,
        keyRequest(token)
      )
      expect(res.status).toBe(400)
      expect(res.json.code).toBe(3)
    } finally {
      await sigstore.close()
    }
  })

  it('refuses an expired token', async () => {
    const oidc = await startOidc({ lifetimeSeconds: -60 })
    const sigstore = await startSigstore({ oidcIssuer: oidc.issuer })
    try {
      const res = await postJson<ErrorResponse>(
        `${sigstore.fulcioUrl}/api/v2/signingCert`,
        keyRequest(await oidc.mint('sigstore'))
      )
      expect(res.status).toBe(400)
      expect(res.json.code).toBe(3)
    } finally {
      await Promise.all([sigstore.close(), oidc.close()])
    }
  })

  it('refuses a bad proof of possession, an unparsable key and a weak key', async () => {
    const token = await stack.oidc.mint('sigstore')
    const wrongProof = keyRequest(token, undefined, 'someone else')
    const noKey = {
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: { publicKey: { content: '' } }
    }
    const junkKey = {
      credentials: { oidcIdentityToken: token },
      publicKeyRequest: { publicKey: { content: 'junk' } }
    }
    const weak = keyRequest(token, generateKeyPairSync('ec', { namedCurve: 'secp256k1' }))
    const cases: [unknown, string][] = [
      [wrongProof, 'The signature supplied in the request could not be verified'],
      [noKey, 'The public key supplied in the request could not be parsed'],
      [junkKey, 'The public key supplied in the request could not be parsed'],
      [weak, 'The public key supplied in the request is insecure']
    ]
    for (const [body, message] of cases) {
      const res = await postJson<ErrorResponse>(url, body)
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ code: 3, message, details: [] })
    }
    const bad = await fetch(url, { method: 'POST', body: '{' })
    expect(bad.status).toBe(400)
  })

  it('accepts RSA and Ed25519 keys with their default proof schemes', async () => {
    const token = await stack.oidc.mint('sigstore')
    const sub = claimsFor(stack.oidc.context()).sub ?? ''
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const ed = generateKeyPairSync('ed25519')
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
    for (const [key, hash, status] of [
      [rsa, 'sha256', 200],
      [ed, null, 200],
      [small, 'sha256', 400]
    ] as const) {
      const res = await postJson(url, {
        credentials: { oidcIdentityToken: token },
        publicKeyRequest: {
          publicKey: { content: pem(key.publicKey) },
          proofOfPossession: sign(hash, Buffer.from(sub), key.privateKey).toString('base64')
        }
      })
      expect(res.status).toBe(status)
    }
  })

  it('serves its trust bundle and configuration', async () => {
    const bundle = await getJson<{ chains: { certificates: string[] }[] }>(
      `${stack.sigstore.fulcioUrl}/api/v2/trustBundle`
    )
    const certs = bundle.json.chains[0]?.certificates.map((c) =>
      Buffer.from(new x509.X509Certificate(c).rawData).toString('base64')
    )
    const root = trustedRootJson(
      stack.sigstore
    ).certificateAuthorities[0]?.certChain.certificates.map((c) => c.rawBytes)
    expect(certs).toEqual(root)
    const config = await getJson(`${stack.sigstore.fulcioUrl}/api/v2/configuration`)
    expect(config.json).toEqual({
      issuers: [
        {
          issuerUrl: stack.oidc.issuer,
          audience: 'sigstore',
          challengeClaim: 'sub',
          issuerType: 'ci-provider'
        }
      ]
    })
  })
})

describe('githubWorkflowIdentity', () => {
  it('refuses a token without a claim the GitHub principal needs', () => {
    const claims: Record<string, string> = { ...claimsFor(defaultContext) }
    delete claims.run_attempt
    expect(() => githubWorkflowIdentity(claims, 'https://issuer', 'https://github.com')).toThrow(
      ClaimError
    )
  })

  it('adds the deployment environment when the token names one, and honours the server URL', () => {
    const claims = { ...claimsFor(defaultContext), environment: 'production' }
    const identity = githubWorkflowIdentity(claims, 'https://issuer', 'https://ghe.example.com/')
    expect(identity.subjectAlternativeName).toBe(
      'https://ghe.example.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0'
    )
    const env = identity.extensions.find((e) => e.oid === '1.3.6.1.4.1.57264.1.23')
    expect(env?.value).toEqual(Buffer.from(new asn1js.Utf8String({ value: 'production' }).toBER()))
  })
})
