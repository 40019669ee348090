/**
 * Timestamp requests as sigstore/timestamp-authority reads them: its JSON form
 * `{artifactHash, hashAlgorithm, nonce?, certificates?, tsaPolicyOID?}` (what sigstore-js sends)
 * and the RFC 3161 DER TimeStampReq (`application/timestamp-query`, what Go and Python send).
 */
import * as pkijs from 'pkijs'

export class TimestampRequestError extends Error {}

export type HashName = 'sha256' | 'sha384' | 'sha512'

export interface TimestampRequest {
  hashAlgorithm: HashName
  digest: Buffer
  nonce?: bigint
  /** Whether the response embeds the TSA certificate (`certReq` / `certificates`). */
  certReq: boolean
  policy?: string
}

/** The sigstore TSA's default (and only accepted) policy. */
export const TSA_POLICY = '1.3.6.1.4.1.57264.2'

export const HASH_OIDS: Record<HashName, string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3'
}
const DIGEST_LENGTH: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 }
const SHA1_OID = '1.3.14.3.2.26'

export const MSG = {
  failed: 'Error generating timestamp response',
  weak: 'Weak hash algorithm in timestamp request',
  length: 'Message digest has incorrect length for specified algorithm',
  policy: 'unaccepted policy: requested TSA policy is not supported by the TSA',
  extension: 'unaccepted extension: requested extensions are not supported by the TSA',
  large: 'timestamp request is too large'
}

const MAX_JSON_BYTES = 1024

export function parseJsonRequest(body: Buffer): TimestampRequest {
  if (body.length > MAX_JSON_BYTES) throw new TimestampRequestError(MSG.large)
  let req: {
    artifactHash?: unknown
    hashAlgorithm?: unknown
    nonce?: unknown
    certificates?: unknown
    tsaPolicyOID?: unknown
  }
  try {
    // The nonce is a big integer: read it from its source text, not as a double.
    req = JSON.parse(body.toString('utf8'), (key, value: unknown, context?: { source?: string }) =>
      key === 'nonce' && typeof value === 'number' && context?.source
        ? BigInt(context.source)
        : value
    ) as typeof req
  } catch {
    throw new TimestampRequestError(MSG.failed)
  }
  const name = typeof req.hashAlgorithm === 'string' ? req.hashAlgorithm.toLowerCase() : ''
  if (name === 'sha1') throw new TimestampRequestError(MSG.weak)
  if (!(name in HASH_OIDS)) throw new TimestampRequestError(MSG.failed)
  if (req.nonce !== undefined && req.nonce !== null && typeof req.nonce !== 'bigint') {
    throw new TimestampRequestError(MSG.failed)
  }
  return checked({
    hashAlgorithm: name as HashName,
    digest: Buffer.from(typeof req.artifactHash === 'string' ? req.artifactHash : '', 'base64'),
    nonce: typeof req.nonce === 'bigint' ? req.nonce : undefined,
    certReq: req.certificates === true,
    policy:
      typeof req.tsaPolicyOID === 'string' && req.tsaPolicyOID !== '' ? req.tsaPolicyOID : undefined
  })
}

export function parseDerRequest(body: Buffer): TimestampRequest {
  let req: pkijs.TimeStampReq
  try {
    req = pkijs.TimeStampReq.fromBER(body)
  } catch {
    throw new TimestampRequestError(MSG.failed)
  }
  const oid = req.messageImprint.hashAlgorithm.algorithmId
  if (oid === SHA1_OID) throw new TimestampRequestError(MSG.weak)
  const name = (Object.keys(HASH_OIDS) as HashName[]).find((n) => HASH_OIDS[n] === oid)
  if (!name) throw new TimestampRequestError(MSG.failed)
  if (req.extensions?.length) throw new TimestampRequestError(MSG.extension)
  return checked({
    hashAlgorithm: name,
    digest: Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonce: req.nonce?.toBigInt(),
    certReq: req.certReq ?? false,
    policy: req.reqPolicy
  })
}

function checked(req: TimestampRequest): TimestampRequest {
  if (req.digest.length !== DIGEST_LENGTH[req.hashAlgorithm])
    throw new TimestampRequestError(MSG.length)
  if (req.policy !== undefined && req.policy !== TSA_POLICY)
    throw new TimestampRequestError(MSG.policy)
  return req
}
