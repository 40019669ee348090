/**
 * The verifier remembers a certificate's chain: bundles that share a leaf certificate (a run's
 * bundles all do) have its chain checked once, and only for timestamps on the same side of every
 * validity bound; a bundle whose timestamp falls outside a CA's validity still fails. Bundles are
 * made for real by the sandbox's Fulcio and Rekor, on a clock the test moves.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { ASN1Obj, X509Certificate } from '@sigstore/core'
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { witnessesFor } from '../../../src/sign/context.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { createRunSigner, type RunSigner } from '../../../src/sign/signer.js'
import {
  parseBundle,
  verifyMessageBundle,
  type IdentityPolicy
} from '../../../src/verify/bundle.js'
import { startStack, policyFor, type Stack } from '../../sandbox/sigstore-fixture.js'

const FETCH = { timeout: 5000, retry: { retries: 0, minTimeout: 0, factor: 1 } }
const OPTIONS = { requireTlog: true }

let now = Date.now()
let stack: Stack
let signer: RunSigner
let policy: IdentityPolicy

const digestOf = (text: string): Buffer => createHash('sha256').update(text).digest()

/** A bundle signed with the run's one certificate, and the time its log entry was integrated. */
async function signed(
  text: string
): Promise<{ bundle: ReturnType<typeof parseBundle>; at: number }> {
  const instance = {
    name: 'custom',
    fulcioUrl: stack.sigstore.fulcioUrl,
    rekorUrl: stack.sigstore.rekorUrl
  }
  const json = await signDigestBundle(
    signer,
    witnessesFor(instance as never, FETCH),
    digestOf(text)
  )
  const at = Number(json.verificationMaterial.tlogEntries?.[0]?.integratedTime) * 1000
  return { bundle: parseBundle(json), at }
}

/** The sandbox's trusted root, read afresh (each copy has verifiers of its own). */
function trust(): TrustMaterial {
  return toTrustMaterial(TrustedRoot.fromJSON(stack.sigstore.trustedRoot()))
}

beforeAll(async () => {
  stack = await startStack({}, { clock: () => new Date(now) })
  signer = await createRunSigner(stack.sigstore.fulcioUrl, await stack.oidc.mint('sigstore'), FETCH)
  const { subjectAlternativeName, extensions } = policyFor(stack)
  policy = { san: subjectAlternativeName, issuer: extensions.issuer }
})
afterAll(async () => {
  await stack.close()
})

describe('verifier', () => {
  it("checks a shared certificate's chain once across bundles", async () => {
    // Both entries strictly inside every validity period (the root's and the certificate's start
    // at the second the stack started and the certificate was issued).
    now += 5_000
    const first = await signed('a')
    now += 5_000
    const second = await signed('b')
    const material = trust()
    const chainChecks = jest.spyOn(X509Certificate.prototype, 'verify')
    try {
      verifyMessageBundle(first.bundle, digestOf('a'), material, policy, OPTIONS)
      const firstChecks = chainChecks.mock.calls.length
      verifyMessageBundle(second.bundle, digestOf('b'), material, policy, OPTIONS)
      expect(firstChecks).toBeGreaterThan(0)
      expect(chainChecks.mock.calls.length).toBe(firstChecks)
    } finally {
      chainChecks.mockRestore()
    }
  })

  it('parses a certificate shared by bundles once, and verifies each bundle with it', async () => {
    now += 5_000
    const first = await signed('c')
    now += 5_000
    const second = await signed('d')
    const content = second.bundle.verificationMaterial.content
    const leaf = Buffer.from(content.$case === 'certificate' ? content.certificate.rawBytes : [])
    expect(leaf.length).toBeGreaterThan(0)
    const material = trust()
    const parses = jest.spyOn(X509Certificate, 'parse')
    const leafParses = (): number =>
      parses.mock.calls.filter(([der]) => Buffer.from(der as Buffer).equals(leaf)).length
    try {
      verifyMessageBundle(first.bundle, digestOf('c'), material, policy, OPTIONS)
      const afterFirst = leafParses()
      expect(afterFirst).toBeLessThanOrEqual(1)
      const signer = verifyMessageBundle(second.bundle, digestOf('d'), material, policy, OPTIONS)
      expect(leafParses()).toBe(afterFirst)
      expect(signer.identity?.subjectAlternativeName).toBe(policy.san)
      // The kept certificate does not make another bundle's wrong digest pass.
      expect(() =>
        verifyMessageBundle(second.bundle, digestOf('c'), material, policy, OPTIONS)
      ).toThrow()
    } finally {
      parses.mockRestore()
    }
  })

  it("compares the bundle's certificate by the bytes it came with, not re-encoding it", async () => {
    now += 5_000
    const { bundle } = await signed('e')
    const content = bundle.verificationMaterial.content
    const leaf = Buffer.from(
      content.$case === 'certificate'
        ? content.certificate.rawBytes
        : content.$case === 'x509CertificateChain'
          ? (content.x509CertificateChain.certificates[0]?.rawBytes ?? [])
          : []
    )
    expect(leaf.length).toBeGreaterThan(0)
    const encodings = jest.spyOn(ASN1Obj.prototype, 'toDER')
    try {
      verifyMessageBundle(bundle, digestOf('e'), trust(), policy, OPTIONS)
      // The trusted root's certificates are encoded (once, as the verifier is made). The leaf is
      // encoded only where sigstore-js copies it to check its SCT, not to compare it with the CAs
      // or to key the memo (four times in all before).
      const encoded = encodings.mock.results.map((r) => Buffer.from(r.value as Buffer))
      expect(encoded.length).toBeGreaterThan(1)
      expect(encoded.filter((bytes) => bytes.equals(leaf))).toHaveLength(1)
    } finally {
      encodings.mockRestore()
    }
  })

  it("checks the trusted root's own chains (the TSA's) once across bundles", async () => {
    const fulcioUrl = `${stack.sigstore.fulcioUrl}/github`
    const github = await createRunSigner(fulcioUrl, await stack.oidc.mint('sigstore'), FETCH)
    const instance = { name: 'custom', fulcioUrl, tsaUrl: stack.sigstore.tsaUrl }
    now += 5_000
    const [first, second] = await Promise.all(
      ['f', 'g'].map(async (text) =>
        parseBundle(
          await signDigestBundle(github, witnessesFor(instance as never, FETCH), digestOf(text))
        )
      )
    )
    const material = toTrustMaterial(TrustedRoot.fromJSON(stack.sigstore.githubTrustedRoot()))
    const options = { requireTlog: false }
    const checks = jest.spyOn(X509Certificate.prototype, 'verify')
    try {
      verifyMessageBundle(first!, digestOf('f'), material, policy, options)
      const firstChecks = checks.mock.calls.length
      verifyMessageBundle(second!, digestOf('g'), material, policy, options)
      expect(firstChecks).toBeGreaterThan(0)
      expect(checks.mock.calls.length).toBe(firstChecks)
    } finally {
      checks.mockRestore()
    }
  })

  it('checks again, and fails, for a timestamp past the end of the CA it was checked under', async () => {
    const first = await signed('c')
    now += 5_000
    const second = await signed('d')
    expect(second.at).toBeGreaterThan(first.at)
    // The CA's validity ends between the two log entries.
    const material = trust()
    const ended: TrustMaterial = {
      ...material,
      certificateAuthorities: material.certificateAuthorities.map((ca) => ({
        ...ca,
        validFor: { start: ca.validFor.start, end: new Date(first.at + 1000) }
      }))
    }
    expect(() =>
      verifyMessageBundle(first.bundle, digestOf('c'), ended, policy, OPTIONS)
    ).not.toThrow()
    expect(() => verifyMessageBundle(second.bundle, digestOf('d'), ended, policy, OPTIONS)).toThrow(
      /certificate chain/
    )
  })
})
