/**
 * The stand-ins against sigstore-js end to end: bundles signed through them with @sigstore/sign
 * verify with @sigstore/verify against their trusted root and a GitHub identity policy, and
 * every kind of tampering is rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle'
import { SigningConfig } from '@sigstore/protobuf-specs'
import { bundleBuilderFromSigningConfig } from '@sigstore/sign'
import { toSignedEntity } from '@sigstore/verify'
import * as asn1js from 'asn1js'
import { FaultInjector } from '../../sandbox/http/faults.js'
import { startSigstore } from '../../sandbox/sigstore/index.js'
import {
  blobBuilder,
  dsseBuilder,
  policyFor,
  startStack,
  verifierFor,
  type Stack
} from './sigstore-fixture.js'

const artifact = Buffer.from('release asset bytes\n')
const statement = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'asset.tar.gz', digest: { sha256: 'a'.repeat(64) } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {}
  })
)

/** Round-trips through the JSON a release would carry, so the serialized form is what verifies. */
function serialized(bundle: Bundle): Bundle {
  return bundleFromJSON(JSON.parse(JSON.stringify(bundleToJSON(bundle))))
}

describe('Sigstore stand-ins with sigstore-js', () => {
  let stack: Stack
  let blob: Bundle
  let dsse: Bundle
  const requests: string[] = []

  beforeAll(async () => {
    stack = await startStack(
      {},
      { onRequest: (service, method, path) => requests.push(`${service} ${method} ${path}`) }
    )
    blob = serialized(await blobBuilder(stack).create({ data: artifact }))
    dsse = serialized(
      await dsseBuilder(stack).create({ data: statement, type: 'application/vnd.in-toto+json' })
    )
  })
  afterAll(() => stack.close())

  it('signs a blob: Fulcio certificate, hashedrekord entry with proof, RFC 3161 timestamp', () => {
    const material = blob.verificationMaterial
    expect(material.tlogEntries).toHaveLength(1)
    expect(material.tlogEntries[0]?.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.1' })
    expect(material.tlogEntries[0]?.inclusionProof?.checkpoint?.envelope).toContain(
      '\u2014 127.0.0.1:'
    )
    expect(material.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
    expect(requests).toEqual(
      expect.arrayContaining([
        'fulcio POST /api/v2/signingCert',
        'rekor POST /api/v1/log/entries',
        'tsa POST /api/v1/timestamp'
      ])
    )
  })

  it('verifies the blob bundle with the GitHub identity policy, with SET and TSA as two timestamps', () => {
    const signer = verifierFor(stack.sigstore).verify(
      toSignedEntity(blob, artifact),
      policyFor(stack)
    )
    expect(signer.identity?.subjectAlternativeName).toBe(policyFor(stack).subjectAlternativeName)
    expect(() =>
      verifierFor(stack.sigstore, { timestampThreshold: 2 }).verify(
        toSignedEntity(blob, artifact),
        policyFor(stack)
      )
    ).not.toThrow()
  })

  it('verifies a DSSE bundle whose dsse entry is canonicalized as Rekor does', () => {
    expect(dsse.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({
      kind: 'dsse',
      version: '0.0.1'
    })
    const body = JSON.parse(
      dsse.verificationMaterial.tlogEntries[0]?.canonicalizedBody.toString() ?? '{}'
    )
    expect(Object.keys(body.spec).sort()).toEqual(['envelopeHash', 'payloadHash', 'signatures'])
    expect(() =>
      verifierFor(stack.sigstore, { timestampThreshold: 2 }).verify(
        toSignedEntity(dsse),
        policyFor(stack)
      )
    ).not.toThrow()
  })

  it('rejects a tampered artifact', () => {
    expect(() =>
      verifierFor(stack.sigstore).verify(
        toSignedEntity(blob, Buffer.from('other bytes')),
        policyFor(stack)
      )
    ).toThrow(/signature/i)
  })

  it('rejects a wrong SAN and a wrong issuer', () => {
    const verifier = verifierFor(stack.sigstore)
    expect(() =>
      verifier.verify(toSignedEntity(blob, artifact), {
        ...policyFor(stack),
        subjectAlternativeName:
          'https://github.com/octo-org/octo-repo/.github/workflows/other.yml@refs/tags/v1.0.0'
      })
    ).toThrow(/certificate identity error/)
    expect(() =>
      verifier.verify(toSignedEntity(dsse), {
        ...policyFor(stack),
        extensions: { issuer: 'https://token.actions.githubusercontent.com' }
      })
    ).toThrow(/issuer/i)
  })

  it('rejects a tampered log entry body, for either kind', () => {
    for (const [bundle, data] of [
      [blob, artifact],
      [dsse, undefined]
    ] as const) {
      const json = bundleToJSON(bundle) as {
        verificationMaterial: { tlogEntries: { canonicalizedBody: string }[] }
      }
      const entry = json.verificationMaterial.tlogEntries[0]
      if (!entry) throw new Error('no tlog entry')
      const body = Buffer.from(entry.canonicalizedBody, 'base64').toString()
      entry.canonicalizedBody = Buffer.from(
        body.replace(/"value":"([0-9a-f])/, (_m, c: string) => `"value":"${c === '0' ? '1' : '0'}`)
      ).toString('base64')
      expect(entry.canonicalizedBody).not.toBe(Buffer.from(body).toString('base64'))
      expect(() =>
        verifierFor(stack.sigstore).verify(
          toSignedEntity(bundleFromJSON(json), data),
          policyFor(stack)
        )
      ).toThrow(/mismatch|inclusion promise|inclusion proof/)
    }
  })

  it("rejects a bundle against another sandbox's trusted root", async () => {
    const other = await startSigstore({ oidcIssuer: stack.oidc.issuer })
    try {
      expect(() =>
        verifierFor(other).verify(toSignedEntity(blob, artifact), policyFor(stack))
      ).toThrow()
    } finally {
      await other.close()
    }
  })

  it('needs the TSA for a second timestamp: a Rekor-only bundle fails timestampThreshold 2', async () => {
    const rekorOnly = serialized(
      await blobBuilder(stack, { tsa: false }).create({ data: artifact })
    )
    const entity = toSignedEntity(rekorOnly, artifact)
    expect(() => verifierFor(stack.sigstore).verify(entity, policyFor(stack))).not.toThrow()
    expect(() =>
      verifierFor(stack.sigstore, { timestampThreshold: 2 }).verify(entity, policyFor(stack))
    ).toThrow(/timestamp/i)
  })

  it('drives sigstore-js from its signing config, for both bundle types', async () => {
    const config = stack.sigstore.signingConfig() as {
      mediaType: string
      tsaUrls: { url: string }[]
    }
    expect(config.mediaType).toBe('application/vnd.dev.sigstore.signingconfig.v0.2+json')
    expect(config.tsaUrls[0]?.url).toBe(`${stack.sigstore.tsaUrl}/api/v1/timestamp`)
    const identityProvider = { getToken: () => stack.oidc.mint('sigstore') }
    const verifier = verifierFor(stack.sigstore, { timestampThreshold: 2 })
    for (const [bundleType, data, type] of [
      ['messageSignature', artifact, undefined],
      ['dsseEnvelope', statement, 'application/vnd.in-toto+json']
    ] as const) {
      const builder = bundleBuilderFromSigningConfig({
        signingConfig: SigningConfig.fromJSON(config),
        identityProvider,
        bundleType
      })
      const bundle = serialized(await builder.create({ data, type }))
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1)
      expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(
        1
      )
      const entity =
        bundleType === 'messageSignature' ? toSignedEntity(bundle, data) : toSignedEntity(bundle)
      expect(() => verifier.verify(entity, policyFor(stack))).not.toThrow()
    }
  })

  it('passes faults through: an injected Rekor 503 reaches the client', async () => {
    const faults = new FaultInjector()
    const faulty = await startStack({}, { faults })
    try {
      faults.add({ service: 'rekor', method: 'POST', path: '/api/v1/log/entries', status: 503 })
      await expect(blobBuilder(faulty).create({ data: artifact })).rejects.toThrow(/tlog/i)
    } finally {
      await faulty.close()
    }
  })
})

describe('a reusable workflow', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({
      reusable: {
        repository: 'octo-org/shared-workflows',
        workflowFile: '.github/workflows/sign.yml',
        ref: 'refs/heads/main',
        sha: 'b'.repeat(40)
      }
    })
  })
  afterAll(() => stack.close())

  it('names the reusable workflow in the SAN and the caller in the build config URI', async () => {
    const bundle = serialized(await blobBuilder(stack).create({ data: artifact }))
    const caller =
      'https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/tags/v1.0.0'
    const utf8 = (value: string): Buffer => Buffer.from(new asn1js.Utf8String({ value }).toBER())
    const signer = verifierFor(stack.sigstore).verify(toSignedEntity(bundle, artifact), {
      subjectAlternativeName:
        'https://github.com/octo-org/shared-workflows/.github/workflows/sign.yml@refs/heads/main',
      extensions: { issuer: stack.oidc.issuer },
      oids: [
        { oid: { id: [1, 3, 6, 1, 4, 1, 57264, 1, 18] }, value: utf8(caller) },
        { oid: { id: [1, 3, 6, 1, 4, 1, 57264, 1, 10] }, value: utf8('b'.repeat(40)) }
      ]
    })
    expect(signer.identity?.subjectAlternativeName).toContain('shared-workflows')
    expect(() =>
      verifierFor(stack.sigstore).verify(toSignedEntity(bundle, artifact), {
        subjectAlternativeName: caller,
        extensions: { issuer: stack.oidc.issuer }
      })
    ).toThrow(/certificate identity error/)
  })
})
