/**
 * Bundle verification as the self-check and the CLI run it, on real bundles: a message signature
 * and a DSSE statement made by the sandbox's Fulcio and Rekor, and one of the GitHub-like instance
 * (timestamps, no log). A message bundle is checked against the artifact's digest alone; the policy
 * pins the SAN (whole, or a pattern), the issuer and Fulcio's repository, runner and trigger
 * extensions; a signature with a high S (as Go and Python signers make) is accepted.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { p256 } from '@noble/curves/nist.js'
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle'
import { IN_TOTO_PAYLOAD_TYPE, SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { witnessesFor } from '../../../src/sign/context.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { signStatement } from '../../../src/sign/provenance.js'
import { createRunSigner } from '../../../src/sign/signer.js'
import {
  escapeRegExp,
  parseBundle,
  sanMatches,
  toPolicy,
  verifyDsseBundle,
  verifyMessageBundle,
  verifyPrehashed,
  type IdentityPolicy
} from '../../../src/verify/bundle.js'
import { parseTrustedRoot, trustWithKey } from '../../../src/verify/trust.js'
import {
  actionSigning,
  stackPolicy,
  startStack,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const REPOSITORY = 'octo-org/app'
const DATA = Buffer.from('app v1')
const DIGEST = createHash('sha256').update(DATA).digest()
const FETCH = { timeout: 5000, retry: { retries: 0, minTimeout: 0, factor: 1 } }

let stack: Stack
let message: Bundle
let dsse: Bundle
let github: Bundle
let policy: IdentityPolicy
const trust = () => trustWithKey(parseTrustedRoot(stack.sigstore.trustedRoot()))
const githubTrust = () => trustWithKey(parseTrustedRoot(stack.sigstore.githubTrustedRoot()))
const withLog = { requireTlog: true }

beforeAll(async () => {
  stack = await startStack({
    repository: REPOSITORY,
    eventName: 'release',
    runnerEnvironment: 'self-hosted'
  })
  policy = stackPolicy(stack)
  const context = await actionSigning(stack)
  message = bundleFromJSON(await signDigestBundle(context.signer, context.witnesses, DIGEST))
  dsse = bundleFromJSON(
    await signStatement(
      context,
      statementFor([{ name: 'app', sha256: DIGEST.toString('hex') }], SLSA_PROVENANCE_TYPE, {})
    )
  )
  const githubUrl = `${stack.sigstore.fulcioUrl}/github`
  const githubSigner = await createRunSigner(githubUrl, await stack.oidc.mint('sigstore'), FETCH)
  github = bundleFromJSON(
    await signDigestBundle(
      githubSigner,
      witnessesFor(
        { name: 'github', fulcioUrl: githubUrl, tsaUrl: stack.sigstore.tsaUrl } as never,
        FETCH
      ),
      DIGEST
    )
  )
})
afterAll(async () => {
  await stack.close()
})

describe('verifyMessageBundle, by digest', () => {
  it("verifies for the artifact's digest and returns the signer", () => {
    const signer = verifyMessageBundle(message, DIGEST, trust(), policy, withLog)
    expect(signer.identity?.subjectAlternativeName).toBe(policy.san)
  })

  it('fails for another digest', () => {
    const other = createHash('sha256').update('app v2').digest()
    expect(() => verifyMessageBundle(message, other, trust(), policy, withLog)).toThrow()
  })

  it('fails another SAN, a longer or shorter one, or another issuer', () => {
    const san = policy.san as string
    for (const wrong of [`${san}x`, san.slice(0, -1), san.replace('octo-org', 'octo.org')]) {
      expect(() =>
        verifyMessageBundle(message, DIGEST, trust(), { ...policy, san: wrong }, withLog)
      ).toThrow()
    }
    expect(() =>
      verifyMessageBundle(message, DIGEST, trust(), { ...policy, issuer: 'https://x' }, withLog)
    ).toThrow()
  })

  it('accepts a SAN pattern, and checks the repository, runner and trigger Fulcio certified', () => {
    const pattern = new RegExp(`^https://github\\.com/${REPOSITORY}/\\.github/workflows/.*$`)
    const pinned: IdentityPolicy = {
      san: pattern,
      issuer: policy.issuer,
      sourceRepositoryUri: `https://github.com/${REPOSITORY}`,
      runnerEnvironment: 'self-hosted',
      trigger: 'release'
    }
    expect(() => verifyMessageBundle(message, DIGEST, trust(), pinned, withLog)).not.toThrow()
    for (const wrong of [
      { sourceRepositoryUri: 'https://github.com/octo-org/other' },
      { runnerEnvironment: 'github-hosted' },
      { trigger: 'push' }
    ]) {
      expect(() =>
        verifyMessageBundle(message, DIGEST, trust(), { ...pinned, ...wrong }, withLog)
      ).toThrow()
    }
  })

  it('refuses a DSSE bundle, and a DSSE verification of a message bundle', () => {
    expect(() => verifyMessageBundle(dsse, DIGEST, trust(), policy, withLog)).toThrow(
      'the bundle holds a DSSE envelope, not a message signature'
    )
    expect(() => verifyDsseBundle(message, trust(), policy, withLog)).toThrow(
      'the bundle holds a message signature, not a DSSE envelope'
    )
  })

  it("verifies the GitHub-like instance's bundle by timestamp, only when no log is required", () => {
    expect(() =>
      verifyMessageBundle(github, DIGEST, githubTrust(), policy, { requireTlog: false })
    ).not.toThrow()
    expect(() => verifyMessageBundle(github, DIGEST, githubTrust(), policy, withLog)).toThrow()
    // And never against the other instance's root.
    expect(() =>
      verifyMessageBundle(github, DIGEST, trust(), policy, { requireTlog: false })
    ).toThrow()
  })
})

describe('verifyDsseBundle', () => {
  it('returns the payload the signature covers', () => {
    const { payloadType, payload, signer } = verifyDsseBundle(dsse, trust(), policy, withLog)
    expect(payloadType).toBe(IN_TOTO_PAYLOAD_TYPE)
    expect(JSON.parse(payload.toString()).subject[0].digest.sha256).toBe(DIGEST.toString('hex'))
    expect(signer.identity?.subjectAlternativeName).toBe(policy.san)
  })

  it('fails a payload changed after signing', () => {
    const json = bundleToJSON(dsse)
    const payload = Buffer.from(JSON.stringify({ _type: 'changed' })).toString('base64')
    const changed = bundleFromJSON({
      ...json,
      dsseEnvelope: { ...json.dsseEnvelope, payload }
    })
    expect(() => verifyDsseBundle(changed, trust(), policy, withLog)).toThrow()
  })
})

describe('identity and signature helpers', () => {
  it('matches a SAN string whole, with its dots taken literally', () => {
    const san = 'https://github.com/o/r/.github/workflows/a.yml@refs/tags/v1'
    expect(sanMatches({ san }, san)).toBe(true)
    expect(sanMatches({ san }, `${san}.1`)).toBe(false)
    expect(sanMatches({ san }, san.replace('a.yml', 'aXyml'))).toBe(false)
    expect(sanMatches({ san: /@refs\/tags\/v\d+$/ }, san)).toBe(true)
    expect(
      new RegExp(escapeRegExp('a.b*c(d)[e]{f}|g^h$i\\j?k+l')).test('a.b*c(d)[e]{f}|g^h$i\\j?k+l')
    ).toBe(true)
  })

  it('pins the issuer only when the policy names one', () => {
    expect(toPolicy({ san: 'x' }).extensions).toBeUndefined()
    expect(toPolicy({ san: 'x', issuer: 'https://i' }).extensions).toEqual({ issuer: 'https://i' })
    expect(toPolicy({ san: 'x' }).oids).toBeUndefined()
  })

  it('verifies a prehashed P-256 signature, high S included, and nothing for another key type', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const der = sign('sha256', DATA, privateKey)
    expect(verifyPrehashed(publicKey, DIGEST, der)).toBe(true)
    const parsed = p256.Signature.fromBytes(der, 'der')
    const n = p256.Point.Fn.ORDER
    const flipped = new p256.Signature(parsed.r, n - parsed.s).toBytes('der')
    expect(verifyPrehashed(publicKey, DIGEST, Buffer.from(flipped))).toBe(true)
    expect(verifyPrehashed(publicKey, createHash('sha256').update('x').digest(), der)).toBe(false)
    const ed = generateKeyPairSync('ed25519')
    expect(verifyPrehashed(ed.publicKey, DIGEST, der)).toBe(false)
    expect(verifyPrehashed(publicKey, DIGEST, Buffer.from('not DER'))).toBe(false)
  })

  it('parses a bundle or throws', () => {
    expect(parseBundle(JSON.parse(JSON.stringify(bundleToJSON(message)))).content.$case).toBe(
      'messageSignature'
    )
    expect(() => parseBundle({ mediaType: 'x' })).toThrow()
  })
})
