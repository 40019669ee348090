/**
 * The Rekor v2 stand-in against sigstore-js: @sigstore/sign's RekorWitness (majorApiVersion 2)
 * logs a message signature as hashedrekord 0.0.2, the bundle (with a TSA timestamp, as v2 requires)
 * verifies with @sigstore/verify against the one trusted root that lists both logs, and a tampered
 * body, inclusion proof or checkpoint is rejected. A dsse request is refused as rekor-tiles does.
 */
import { createHash, createPublicKey, verify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle'
import {
  DSSEBundleBuilder,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness
} from '@sigstore/sign'
import { toSignedEntity } from '@sigstore/verify'
import {
  policyFor,
  postJson,
  signerFor,
  startStack,
  trustedRootJson,
  verifierFor,
  type Stack
} from './sigstore-fixture.js'

const artifact = Buffer.from('release asset bytes for rekor v2\n')

function witnesses(stack: Stack): [RekorWitness, TSAWitness] {
  return [
    new RekorWitness({
      rekorBaseURL: stack.sigstore.rekorV2Url,
      majorApiVersion: 2,
      timeout: 20000
    }),
    new TSAWitness({ tsaBaseURL: stack.sigstore.tsaUrl })
  ]
}

type BundleJson = ReturnType<typeof bundleToJSON>
type EntryJson = NonNullable<BundleJson['verificationMaterial']['tlogEntries']>[number]

/** A copy of the bundle JSON with its one tlog entry changed. */
function tampered(json: BundleJson, change: (entry: EntryJson) => void): Bundle {
  const copy = JSON.parse(JSON.stringify(json)) as BundleJson
  const entry = copy.verificationMaterial.tlogEntries?.[0]
  if (!entry) throw new Error('no tlog entry')
  change(entry)
  return bundleFromJSON(copy)
}

describe('the Rekor v2 stand-in', () => {
  let stack: Stack
  let json: BundleJson
  const requests: string[] = []

  beforeAll(async () => {
    stack = await startStack(
      {},
      { onRequest: (service, method, path) => requests.push(`${service} ${method} ${path}`) }
    )
    const builder = new MessageSignatureBundleBuilder({
      signer: signerFor(stack),
      witnesses: witnesses(stack)
    })
    // A first entry, so the one under test has a non-empty inclusion proof.
    await builder.create({ data: Buffer.from('an earlier asset\n') })
    json = bundleToJSON(await builder.create({ data: artifact }))
  })
  afterAll(() => stack.close())

  it('logs a message signature as hashedrekord 0.0.2 with a proof and checkpoint, no SET, no time', () => {
    expect(requests).toContain('rekor-v2 POST /api/v2/log/entries')
    expect(requests).not.toContain('rekor POST /api/v1/log/entries')
    const entry = json.verificationMaterial.tlogEntries?.[0]
    expect(entry?.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.2' })
    expect(entry?.inclusionPromise).toBeUndefined()
    expect(entry?.integratedTime ?? '0').toBe('0')
    const body = JSON.parse(Buffer.from(entry?.canonicalizedBody ?? '', 'base64').toString()) as {
      spec: { hashedRekordV002: { data: { algorithm: string; digest: string } } }
    }
    expect(body.spec.hashedRekordV002.data).toEqual({
      algorithm: 'SHA2_256',
      digest: createHash('sha256').update(artifact).digest('base64')
    })
    expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
  })

  it('signs its checkpoint as a C2SP signed note with the Ed25519 key the trusted root lists', async () => {
    const origin = new URL(stack.sigstore.rekorV2Url).host
    const envelope = json.verificationMaterial.tlogEntries?.[0]?.inclusionProof?.checkpoint.envelope
    const [text, signatureLine] = (envelope ?? '').split('\n\n')
    expect(text?.split('\n')[0]).toBe(origin)
    const match = /^\u2014 (\S+) (\S+)\n$/.exec(signatureLine ?? '')
    expect(match?.[1]).toBe(origin)
    const signed = Buffer.from(match?.[2] ?? '', 'base64')

    const tlog = trustedRootJson(stack.sigstore).tlogs.find(
      (t) => t.baseUrl === stack.sigstore.rekorV2Url
    )
    if (!tlog) throw new Error('no Rekor v2 log in the trusted root')
    expect(tlog.publicKey.keyDetails).toBe('PKIX_ED25519')
    const key = createPublicKey({
      key: Buffer.from(tlog.publicKey.rawBytes, 'base64'),
      format: 'der',
      type: 'spki'
    })
    const raw = Buffer.from(tlog.publicKey.rawBytes, 'base64').subarray(-32)
    const keyId = createHash('sha256')
      .update(`${origin}\n`)
      .update(Buffer.from([1]))
      .update(raw)
      .digest()
    expect(tlog.logId.keyId).toBe(keyId.toString('base64'))
    expect(json.verificationMaterial.tlogEntries?.[0]?.logId.keyId).toBe(keyId.toString('base64'))
    expect(signed.subarray(0, 4)).toEqual(keyId.subarray(0, 4))
    expect(verify(null, Buffer.from(`${text}\n`), key, signed.subarray(4))).toBe(true)

    const res = await fetch(`${stack.sigstore.rekorV2Url}/api/v2/checkpoint`)
    expect(await res.text()).toMatch(new RegExp(`^${origin}\n2\n`))
  })

  it('gives a bundle @sigstore/verify accepts with the GitHub identity policy (TSA as the timestamp)', () => {
    const signer = verifierFor(stack.sigstore).verify(
      toSignedEntity(bundleFromJSON(json), artifact),
      policyFor(stack)
    )
    expect(signer.identity?.subjectAlternativeName).toBe(policyFor(stack).subjectAlternativeName)
    expect(() =>
      verifierFor(stack.sigstore, { timestampThreshold: 2 }).verify(
        toSignedEntity(bundleFromJSON(json), artifact),
        policyFor(stack)
      )
    ).toThrow(/expected 2 timestamps, got 1/)
  })

  it('rejects a tampered body, inclusion proof or checkpoint', () => {
    const verifier = verifierFor(stack.sigstore)
    const check = (bundle: Bundle): void => {
      verifier.verify(toSignedEntity(bundle, artifact), policyFor(stack))
    }
    expect(() => check(bundleFromJSON(json))).not.toThrow()

    const body = (entry: EntryJson): void => {
      const parsed = JSON.parse(Buffer.from(entry.canonicalizedBody, 'base64').toString()) as {
        spec: { hashedRekordV002: { data: { digest: string } } }
      }
      parsed.spec.hashedRekordV002.data.digest = Buffer.alloc(32, 7).toString('base64')
      entry.canonicalizedBody = Buffer.from(JSON.stringify(parsed)).toString('base64')
    }
    expect(() => check(tampered(json, body))).toThrow(/calculated root hash does not match/)

    const proof = (entry: EntryJson): void => {
      const proof = entry.inclusionProof as NonNullable<EntryJson['inclusionProof']>
      const first = Buffer.from(proof.hashes[0] ?? '', 'base64')
      first[0] = (first[0] ?? 0) ^ 1
      proof.hashes[0] = first.toString('base64')
    }
    expect(json.verificationMaterial.tlogEntries?.[0]?.inclusionProof?.hashes).toHaveLength(1)
    expect(() => check(tampered(json, proof))).toThrow(/calculated root hash does not match/)

    const checkpoint = (entry: EntryJson): void => {
      const proof = entry.inclusionProof as NonNullable<EntryJson['inclusionProof']>
      const [text, sig] = proof.checkpoint.envelope.split('\n\n')
      const lines = (text ?? '').split('\n')
      lines[2] = Buffer.alloc(32, 9).toString('base64')
      proof.checkpoint.envelope = `${lines.join('\n')}\n\n${sig ?? ''}`
    }
    expect(() => check(tampered(json, checkpoint))).toThrow(/checkpoint signature/)

    const otherLog = (entry: EntryJson): void => {
      const v1 = trustedRootJson(stack.sigstore).tlogs[0]
      entry.logId.keyId = v1?.logId.keyId ?? ''
    }
    expect(() => check(tampered(json, otherLog))).toThrow(/checkpoint signature/)
  })

  it('refuses a dsse entry with the 400 rekor-tiles gives: DSSE goes in as hashedrekord', async () => {
    const builder = new DSSEBundleBuilder({ signer: signerFor(stack), witnesses: witnesses(stack) })
    await expect(
      builder.create({ data: Buffer.from('{}'), type: 'application/vnd.in-toto+json' })
    ).rejects.toThrow(/invalid type, must be hashedrekord/)
    const res = await postJson<{ code: number; message: string }>(
      `${stack.sigstore.rekorV2Url}/api/v2/log/entries`,
      { dsseRequestV002: { envelope: {}, verifiers: [] } }
    )
    expect(res.status).toBe(400)
    expect(res.json.message).toBe('invalid type, must be hashedrekord')
  })

  it('refuses a signature that does not verify over the digest', async () => {
    const res = await postJson<{ message: string }>(
      `${stack.sigstore.rekorV2Url}/api/v2/log/entries`,
      {
        hashedRekordRequestV002: {
          digest: Buffer.alloc(32, 3).toString('base64'),
          signature: {
            content: Buffer.from('not a signature').toString('base64'),
            verifier: {
              keyDetails: 'PKIX_ECDSA_P256_SHA_256',
              publicKey: { rawBytes: trustedRootJson(stack.sigstore).tlogs[0]?.publicKey.rawBytes }
            }
          }
        }
      }
    )
    expect(res.status).toBe(400)
    expect(res.json.message).toMatch(/invalid signature/)
  })
})
