/**
 * Fulcio's v2 HTTP API (the grpc-gateway JSON of fulcio.proto): `POST /api/v2/signingCert`,
 * `GET /api/v2/trustBundle`, `GET /api/v2/configuration`. Errors carry the gRPC status as
 * `{code, message, details}`, with Fulcio's client messages.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { Clock } from './clock.js'
import type { FulcioCa } from './fulcio-ca.js'
import { githubWorkflowIdentity, type CertificateIdentity } from './github-identity.js'
import { defaultHash, verifyMessage, weakKeyReason } from './keys.js'
import { fromPem, toPem } from './pki.js'
import type { TokenVerifier } from './token.js'
import { x509 } from './x509.js'
import { json, readJson, Router, type Request, type Response } from '../http/server.js'

export interface FulcioOptions {
  ca: FulcioCa
  /** The GitHub-like instance's own CA (`<fulcio>/github`), as GitHub's Fulcio is not public-good's. */
  githubCa: FulcioCa
  issuer: string
  verifyToken: TokenVerifier
  serverUrl: string
  clock: Clock
}

interface SigningCertRequest {
  credentials?: { oidcIdentityToken?: string }
  publicKeyRequest?: {
    publicKey?: { algorithm?: string; content?: string }
    proofOfPossession?: string
  }
  certificateSigningRequest?: string
}

const INVALID_ARGUMENT = 3
const MSG = {
  token: 'There was an error processing the identity token',
  publicKey: 'The public key supplied in the request could not be parsed',
  csr: 'The certificate signing request could not be parsed',
  signature: 'The signature supplied in the request could not be verified',
  insecure: 'The public key supplied in the request is insecure'
}

class FulcioError extends Error {}

export function fulcioRouter(options: FulcioOptions): Router {
  return (
    new Router()
      .on('POST', '/api/v2/signingCert', (req) => signingCert(options, req, true))
      // The GitHub-like instance's Fulcio (base URL `<fulcio>/github`): its own CA, no CT log, so
      // its certificates carry no SCT, as GitHub's do.
      .on('POST', '/github/api/v2/signingCert', (req) =>
        signingCert({ ...options, ca: options.githubCa }, req, false)
      )
      .on('GET', '/api/v2/trustBundle', () =>
        json(200, { chains: [{ certificates: options.ca.chainPem }] })
      )
      .on('GET', '/api/v2/configuration', () =>
        json(200, {
          issuers: [
            {
              issuerUrl: options.issuer,
              audience: 'sigstore',
              challengeClaim: 'sub',
              issuerType: 'ci-provider'
            }
          ]
        })
      )
  )
}

async function signingCert(options: FulcioOptions, req: Request, sct: boolean): Promise<Response> {
  try {
    let body: SigningCertRequest
    try {
      body = await readJson<SigningCertRequest>(req)
    } catch (error) {
      throw new FulcioError(`invalid request body: ${String(error)}`)
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const token = body.credentials?.oidcIdentityToken || bearer || ''
    let claims: Record<string, unknown>
    let identity: CertificateIdentity
    try {
      claims = await options.verifyToken(token)
      identity = githubWorkflowIdentity(claims, options.issuer, options.serverUrl)
    } catch {
      throw new FulcioError(MSG.token)
    }
    const key = body.certificateSigningRequest
      ? await keyFromCsr(body.certificateSigningRequest)
      : keyFromProof(body.publicKeyRequest, typeof claims.sub === 'string' ? claims.sub : '')
    const leaf = await options.ca.issue(
      key.export({ format: 'der', type: 'spki' }),
      identity,
      options.clock(),
      { sct }
    )
    return json(200, {
      signedCertificateEmbeddedSct: {
        chain: { certificates: [toPem(leaf.rawData), ...options.ca.chainPem] }
      }
    })
  } catch (error) {
    if (error instanceof FulcioError) {
      return json(400, { code: INVALID_ARGUMENT, message: error.message, details: [] })
    }
    throw error
  }
}

/** A CSR arrives as the base64 of a PEM CSR (a proto `bytes` field), as sigstore-python sends it. */
async function keyFromCsr(encoded: string): Promise<KeyObject> {
  let csr: x509.Pkcs10CertificateRequest
  try {
    const pem = fromPem(Buffer.from(encoded, 'base64').toString('latin1'))[0]
    if (pem?.label !== 'CERTIFICATE REQUEST') throw new Error('no CSR found while decoding')
    csr = new x509.Pkcs10CertificateRequest(pem.der)
  } catch {
    throw new FulcioError(MSG.csr)
  }
  const key = acceptableKey(Buffer.from(csr.publicKey.rawData))
  if (!(await csr.verify())) throw new FulcioError(MSG.signature)
  return key
}

/** `publicKeyRequest`: a PEM (or DER) public key and a signature over the token's subject. */
function keyFromProof(request: SigningCertRequest['publicKeyRequest'], subject: string): KeyObject {
  const content = request?.publicKey?.content ?? ''
  const pem = fromPem(content)[0]
  let der: Buffer
  if (pem) der = pem.der
  else if (content) der = Buffer.from(content, 'latin1')
  else throw new FulcioError(MSG.publicKey)
  const key = acceptableKey(der)
  const proof = Buffer.from(request?.proofOfPossession ?? '', 'base64')
  if (!verifyMessage(key, defaultHash(key), Buffer.from(subject), proof))
    throw new FulcioError(MSG.signature)
  return key
}

function acceptableKey(spki: Buffer): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' })
  } catch {
    throw new FulcioError(MSG.publicKey)
  }
  if (weakKeyReason(key)) throw new FulcioError(MSG.insecure)
  return key
}
