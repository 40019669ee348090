/**
 * The Rekor v1 stand-in as any client sees it over HTTP: inclusion proofs recomputed here from the
 * leaf (RFC 9162 §2.1.3.2) against signed checkpoints, SETs, duplicate handling, lookups and
 * search, and Rekor's validation of hashedrekord and dsse entries.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject
} from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import canonicalize from 'canonicalize'
import { parseVerifier } from '../../sandbox/sigstore/rekor-entries.js'
import {
  getJson,
  postJson,
  rekorKey,
  startStack,
  trustedRootJson,
  type Stack
} from './sigstore-fixture.js'

interface LogEntry {
  body: string
  integratedTime: number
  logID: string
  logIndex: number
  verification: {
    signedEntryTimestamp: string
    inclusionProof: {
      checkpoint: string
      hashes: string[]
      logIndex: number
      rootHash: string
      treeSize: number
    }
  }
}
type LogEntries = Record<string, LogEntry>

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest()

/** RFC 9162 §2.1.3.2: the root a proof implies for a leaf, computed independently of the stand-in. */
function rootFromProof(index: number, size: number, leaf: Buffer, proof: Buffer[]): Buffer {
  if (index >= size) throw new Error('index beyond tree')
  let fn = index
  let sn = size - 1
  let r = sha256(Buffer.concat([Buffer.from([0]), leaf]))
  for (const p of proof) {
    if (sn === 0) throw new Error('proof too long')
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.concat([Buffer.from([1]), p, r]))
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1
          sn >>= 1
        }
      }
    } else {
      r = sha256(Buffer.concat([Buffer.from([1]), r, p]))
    }
    fn >>= 1
    sn >>= 1
  }
  if (sn !== 0) throw new Error('proof too short')
  return r
}

/** Checks a signed note with the log key: its body, signature name, key hint and ECDSA signature. */
function checkCheckpoint(
  checkpoint: string,
  key: KeyObject,
  logId: Buffer
): { origin: string; size: number; root: Buffer } {
  const split = checkpoint.indexOf('\n\n')
  const note = checkpoint.slice(0, split + 1)
  const match = /^\u2014 (\S+) (\S+)\n$/.exec(checkpoint.slice(split + 2))
  if (!match) throw new Error(`no signature line in ${checkpoint}`)
  const sig = Buffer.from(match[2] ?? '', 'base64')
  expect(sig.subarray(0, 4)).toEqual(logId.subarray(0, 4))
  expect(verify('sha256', Buffer.from(note), key, sig.subarray(4))).toBe(true)
  const [origin = '', size = '', root = ''] = note.trimEnd().split('\n')
  expect(origin.startsWith(`${match[1]} - `)).toBe(true)
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') }
}

function hashedrekord(key: { privateKey: KeyObject; publicKey: KeyObject }, data: string): object {
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: sha256(data).toString('hex') } },
      signature: {
        content: sign('sha256', Buffer.from(data), key.privateKey).toString('base64'),
        publicKey: {
          content: Buffer.from(key.publicKey.export({ format: 'pem', type: 'spki' })).toString(
            'base64'
          )
        }
      }
    }
  }
}

/** The entry with another verifier: a key, or a PEM block of the given label and base64 body. */
function withKey(entry: object, key: KeyObject | string, body = ''): object {
  const pem =
    typeof key === 'string'
      ? `-----BEGIN ${key}-----\n${body}\n-----END ${key}-----\n`
      : key.export({ format: 'pem', type: 'spki' }).toString()
  const copy = structuredClone(entry) as { spec: { signature: { publicKey: { content: string } } } }
  copy.spec.signature.publicKey.content = Buffer.from(pem).toString('base64')
  return copy
}

function only(entries: LogEntries): [string, LogEntry] {
  const all = Object.entries(entries)
  expect(all).toHaveLength(1)
  return all[0] as [string, LogEntry]
}

describe('Rekor v1 stand-in', () => {
  let stack: Stack
  let url: string
  let key: KeyObject
  let logId: Buffer
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const created: [string, LogEntry][] = []

  beforeAll(async () => {
    stack = await startStack()
    url = stack.sigstore.rekorUrl
    key = rekorKey(stack.sigstore)
    logId = Buffer.from(trustedRootJson(stack.sigstore).tlogs[0]?.logId.keyId ?? '', 'base64')
    for (let i = 0; i < 7; i++) {
      const res = await postJson<LogEntries>(
        `${url}/api/v1/log/entries`,
        hashedrekord(signer, `artifact ${i}`)
      )
      expect(res.status).toBe(201)
      const [id] = only(res.json)
      expect(res.headers.get('location')).toBe(`/api/v1/log/entries/${id}`)
      expect(res.headers.get('etag')).toBe(id)
      created.push(only(res.json))
    }
  })
  afterAll(() => stack.close())

  it('answers each new entry with a proof in the tree that first holds it', () => {
    created.forEach(([id, entry], i) => {
      const proof = entry.verification.inclusionProof
      expect(entry.logIndex).toBe(i)
      expect(proof).toMatchObject({ logIndex: i, treeSize: i + 1 })
      const leaf = Buffer.from(entry.body, 'base64')
      expect(id).toMatch(/^[0-9a-f]{16}/)
      expect(id.slice(16)).toBe(sha256(Buffer.concat([Buffer.from([0]), leaf])).toString('hex'))
      const root = rootFromProof(
        i,
        i + 1,
        leaf,
        proof.hashes.map((h) => Buffer.from(h, 'hex'))
      )
      expect(root.toString('hex')).toBe(proof.rootHash)
      const checkpoint = checkCheckpoint(proof.checkpoint, key, logId)
      expect(checkpoint).toMatchObject({ size: i + 1, root })
    })
  })

  it('proves old entries in the current tree, agreeing with the signed tree head', async () => {
    const info = await getJson<{
      rootHash: string
      treeSize: number
      treeID: string
      signedTreeHead: string
    }>(`${url}/api/v1/log`)
    expect(info.json.treeSize).toBe(7)
    const head = checkCheckpoint(info.json.signedTreeHead, key, logId)
    expect(head).toMatchObject({
      origin: `127.0.0.1:${stack.sigstore.rekor.port} - ${info.json.treeID}`,
      size: 7
    })
    expect(head.root.toString('hex')).toBe(info.json.rootHash)
    for (const [id, created0] of created) {
      const [, entry] = only((await getJson<LogEntries>(`${url}/api/v1/log/entries/${id}`)).json)
      const proof = entry.verification.inclusionProof
      expect(proof.treeSize).toBe(7)
      expect(proof.hashes.length).toBeGreaterThan(1)
      const leaf = Buffer.from(entry.body, 'base64')
      const hashes = proof.hashes.map((h) => Buffer.from(h, 'hex'))
      expect(rootFromProof(entry.logIndex, 7, leaf, hashes).toString('hex')).toBe(
        info.json.rootHash
      )
      expect(entry.body).toBe(created0.body)
      expect(entry.integratedTime).toBe(created0.integratedTime)
    }
  })

  it('signs each entry timestamp over the canonical {body, integratedTime, logID, logIndex}', () => {
    for (const [, entry] of created) {
      expect(Number.isInteger(entry.integratedTime)).toBe(true)
      expect(entry.logID).toBe(logId.toString('hex'))
      const payload = canonicalize({
        body: entry.body,
        integratedTime: entry.integratedTime,
        logID: entry.logID,
        logIndex: entry.logIndex
      })
      const set = Buffer.from(entry.verification.signedEntryTimestamp, 'base64')
      expect(verify('sha256', Buffer.from(payload ?? ''), key, set)).toBe(true)
    }
  })

  it('stores the hashedrekord body as Rekor canonicalizes it', () => {
    const [, entry] = created[0] as [string, LogEntry]
    const body = Buffer.from(entry.body, 'base64').toString()
    expect(body).toBe(canonicalize(JSON.parse(body)))
    const parsed = JSON.parse(body)
    expect(parsed).toMatchObject({ apiVersion: '0.0.1', kind: 'hashedrekord' })
    const pem = Buffer.from(parsed.spec.signature.publicKey.content, 'base64').toString()
    expect(pem).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/
    )
  })

  it('parses a key once for all the entries that carry it, and a bad one each time', () => {
    // A run's entries all carry one certificate: parsed again for each, it set the log's pace.
    const pem = Buffer.from(signer.publicKey.export({ format: 'pem', type: 'spki' }))
    const first = parseVerifier(pem)
    expect(parseVerifier(Buffer.from(pem))).toBe(first)
    expect(first.key.equals(signer.publicKey)).toBe(true)
    const bad = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
    expect(() => parseVerifier(bad)).toThrow(/invalid public key/)
    expect(() => parseVerifier(bad)).toThrow(/invalid public key/)
  })

  it('answers a duplicate with 409 and the existing entry location', async () => {
    const res = await postJson<{ code: number; message: string }>(
      `${url}/api/v1/log/entries`,
      hashedrekord(signer, 'artifact 3')
    )
    // ECDSA signatures differ each time: resubmit the stored entry's exact signature instead.
    expect(res.status).toBe(201)
    const [id, entry] = created[3] as [string, LogEntry]
    const stored = JSON.parse(Buffer.from(entry.body, 'base64').toString())
    const again = await postJson<{ code: number; message: string }>(
      `${url}/api/v1/log/entries`,
      stored
    )
    expect(again.status).toBe(409)
    expect(again.json).toEqual({
      code: 409,
      message: `an equivalent entry already exists in the transparency log with UUID ${id}`
    })
    expect(again.headers.get('location')).toBe(`/api/v1/log/entries/${id}`)
    const fetched = await getJson<LogEntries>(
      `${stack.sigstore.rekorUrl}${again.headers.get('location')}`
    )
    expect(only(fetched.json)[1].logIndex).toBe(3)
  })

  it('gets entries by index and by UUID without the tree prefix', async () => {
    const [id] = created[2] as [string, LogEntry]
    expect(only((await getJson<LogEntries>(`${url}/api/v1/log/entries?logIndex=2`)).json)[0]).toBe(
      id
    )
    expect(
      only((await getJson<LogEntries>(`${url}/api/v1/log/entries/${id.slice(16)}`)).json)[0]
    ).toBe(id)
    expect((await getJson(`${url}/api/v1/log/entries?logIndex=99`)).status).toBe(404)
    expect((await getJson(`${url}/api/v1/log/entries?logIndex=x`)).status).toBe(422)
    expect((await getJson(`${url}/api/v1/log/entries/${'0'.repeat(64)}`)).status).toBe(404)
    expect((await getJson(`${url}/api/v1/log/entries/${'0'.repeat(80)}`)).status).toBe(404)
    expect((await getJson(`${url}/api/v1/log/entries/not-a-uuid`)).status).toBe(400)
  })

  it('retrieves entries by UUID, index and proposed entry', async () => {
    const [id0] = created[0] as [string, LogEntry]
    const [, entry5] = created[5] as [string, LogEntry]
    const proposed = JSON.parse(Buffer.from(entry5.body, 'base64').toString())
    const res = await postJson<LogEntries[]>(`${url}/api/v1/log/entries/retrieve`, {
      entryUUIDs: [id0, 'f'.repeat(64)],
      logIndexes: [1, 1000],
      entries: [proposed]
    })
    expect(res.status).toBe(200)
    expect(res.json.map((e) => only(e)[1].logIndex)).toEqual([0, 5, 1])
    // Go's client (cosign v2) sends the lists it does not use as null.
    const fromGo = await postJson<LogEntries[]>(`${url}/api/v1/log/entries/retrieve`, {
      entryUUIDs: null,
      logIndexes: null,
      entries: [proposed]
    })
    expect(fromGo.status).toBe(200)
    expect(fromGo.json.map((e) => only(e)[1].logIndex)).toEqual([5])
    const tooMany = await postJson(`${url}/api/v1/log/entries/retrieve`, {
      logIndexes: [...Array(11).keys()]
    })
    expect(tooMany.status).toBe(422)
    expect(
      (await postJson(`${url}/api/v1/log/entries/retrieve`, { entryUUIDs: ['zz'] })).status
    ).toBe(400)
    expect(
      (await postJson(`${url}/api/v1/log/entries/retrieve`, { entries: [{ kind: 'rpm' }] })).status
    ).toBe(400)
  })

  it('finds entries by artifact hash and by public key through the search index', async () => {
    const [id1] = created[1] as [string, LogEntry]
    const digest = sha256('artifact 1').toString('hex')
    for (const hash of [`sha256:${digest}`, digest, digest.toUpperCase()]) {
      const res = await postJson<string[]>(`${url}/api/v1/index/retrieve`, { hash })
      expect(res.json).toEqual([id1])
    }
    const publicKey = {
      format: 'x509',
      content: Buffer.from(signer.publicKey.export({ format: 'pem', type: 'spki' })).toString(
        'base64'
      )
    }
    const byKey = await postJson<string[]>(`${url}/api/v1/index/retrieve`, { publicKey })
    expect(byKey.json.length).toBeGreaterThanOrEqual(7)
    const both = await postJson<string[]>(`${url}/api/v1/index/retrieve`, {
      publicKey,
      hash: digest,
      operator: 'and'
    })
    expect(both.json).toEqual([id1])
    const none = await postJson<string[]>(`${url}/api/v1/index/retrieve`, {
      hash: 'sha256:' + '0'.repeat(64)
    })
    expect(none.json).toEqual([])
    expect((await postJson(`${url}/api/v1/index/retrieve`, { hash: 'md5:abc' })).status).toBe(422)
    expect(
      (
        await postJson(`${url}/api/v1/index/retrieve`, {
          publicKey: { format: 'pgp', content: '' }
        })
      ).status
    ).toBe(400)
    expect(
      (
        await postJson(`${url}/api/v1/index/retrieve`, {
          publicKey: { format: 'x509', content: 'eA==' }
        })
      ).status
    ).toBe(400)
  })

  it('serves its public key as PEM, the key of the trusted root', async () => {
    const res = await fetch(`${url}/api/v1/log/publicKey`)
    expect(res.headers.get('content-type')).toBe('application/x-pem-file')
    const pem = await res.text()
    expect(createPublicKey(pem).export({ format: 'der', type: 'spki' })).toEqual(
      key.export({ format: 'der', type: 'spki' })
    )
  })

  it('refuses entries Rekor refuses', async () => {
    const post = (body: unknown) =>
      postJson<{ code: number; message: string }>(`${url}/api/v1/log/entries`, body)
    const ed = generateKeyPairSync('ed25519')
    const good = hashedrekord(signer, 'x') as {
      spec: { data: { hash: { value: string } }; signature: object }
    }
    const badSig = structuredClone(good)
    badSig.spec.data.hash.value = sha256('y').toString('hex')
    const cases: [unknown, RegExp][] = [
      [badSig, /verifying signature/],
      [{ ...good, apiVersion: '0.0.2' }, /unsupported entry type/],
      [{ kind: 'intoto', apiVersion: '0.0.2', spec: {} }, /unsupported entry type/],
      [
        { ...good, spec: { ...good.spec, data: { hash: { algorithm: 'sha256', value: 'abc' } } } },
        /invalid value for hash/
      ],
      [
        {
          ...good,
          spec: { ...good.spec, data: { hash: { algorithm: 'sha384', value: 'a'.repeat(96) } } }
        },
        /not allowed/
      ],
      [{ ...good, spec: { data: good.spec.data } }, /missing signature/],
      [{ ...good, spec: { ...good.spec, data: {} } }, /missing hash/],
      [{ ...good, spec: { ...good.spec, signature: { content: 'AA==' } } }, /missing public key/],
      [
        {
          ...good,
          spec: { ...good.spec, signature: { content: 'AA==', publicKey: { content: 'eA==' } } }
        },
        /invalid public key/
      ],
      [withKey(good, ed.publicKey), /unsupported key type/],
      [
        { ...good, spec: { ...good.spec, signature: { ...good.spec.signature, content: 'AAAA' } } },
        /verifying signature/
      ],
      [withKey(good, 'PUBLIC KEY', 'AAAA'), /invalid public key/]
    ]
    for (const [body, message] of cases) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(res.json.code).toBe(400)
      expect(res.json.message).toMatch(/^error processing entry: /)
      expect(res.json.message).toMatch(message)
    }
    const res = await fetch(`${url}/api/v1/log/entries`, { method: 'POST', body: '{not json' })
    expect(res.status).toBe(400)
  })
})

describe('Rekor dsse entries', () => {
  let stack: Stack
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const pemOf = (k: KeyObject): string =>
    Buffer.from(k.export({ format: 'pem', type: 'spki' })).toString('base64')
  const payload = Buffer.from(
    JSON.stringify({ subject: [{ name: 'a', digest: { sha256: 'c'.repeat(64) } }] })
  )
  const payloadType = 'application/vnd.in-toto+json'
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${payload.length} `),
    payload
  ])
  const sig = sign('sha256', pae, signer.privateKey).toString('base64')
  const envelope = JSON.stringify({
    payload: payload.toString('base64'),
    payloadType,
    signatures: [{ sig, keyid: '' }]
  })
  const proposed = (verifiers: string[], env = envelope): object => ({
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: { proposedContent: { envelope: env, verifiers } }
  })

  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('stores {envelopeHash, payloadHash, signatures[{signature, verifier}]} and indexes the subject digests', async () => {
    const res = await postJson<LogEntries>(
      `${stack.sigstore.rekorUrl}/api/v1/log/entries`,
      proposed([pemOf(signer.publicKey)])
    )
    expect(res.status).toBe(201)
    const [id, entry] = only(res.json)
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString())
    expect(body).toEqual({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(envelope).toString('hex') },
        payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
        signatures: [{ signature: sig, verifier: expect.any(String) }]
      }
    })
    const verifier = Buffer.from(body.spec.signatures[0].verifier, 'base64').toString()
    expect(createPublicKey(verifier).equals(signer.publicKey)).toBe(true)
    for (const hash of [`sha256:${'c'.repeat(64)}`, `sha256:${sha256(payload).toString('hex')}`]) {
      const found = await postJson<string[]>(`${stack.sigstore.rekorUrl}/api/v1/index/retrieve`, {
        hash
      })
      expect(found.json).toEqual([id])
    }
  })

  it('refuses envelopes that no given key verifies, and malformed proposals', async () => {
    const post = (body: unknown) =>
      postJson<{ message: string }>(`${stack.sigstore.rekorUrl}/api/v1/log/entries`, body)
    const cases: [unknown, RegExp][] = [
      [proposed([pemOf(other.publicKey)]), /could not verify envelope/],
      [proposed([]), /all signatures must have a key/],
      [
        proposed(
          [pemOf(signer.publicKey)],
          JSON.stringify({ payload: '', payloadType, signatures: [] })
        ),
        /1 or more signatures/
      ],
      [proposed([pemOf(signer.publicKey)], '{'), /JSON/],
      [{ apiVersion: '0.0.1', kind: 'dsse', spec: {} }, /proposedContent/],
      [{ apiVersion: '0.0.1', kind: 'dsse', spec: { proposedContent: {} } }, /envelope is missing/]
    ]
    for (const [body, message] of cases) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(res.json.message).toMatch(message)
    }
  })
})
