/**
 * What a Fulcio certificate says, read from real certificates the sandbox's Fulcio issued to two
 * repositories: the SAN, issuer and source repository; whether it was issued to this repository;
 * whether a trusted root's CA issued it (at a given time); and the check made on the certificate
 * Fulcio returns before anything is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { X509Certificate } from '@sigstore/core'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { certificatePem } from '../../../src/sidecars.js'
import {
  certificateIdentity,
  checkIssuedCertificate,
  issuedToRepository,
  parseCertificate,
  untrustedIssuer
} from '../../../src/verify/certificate.js'
import { parseTrustedRoot } from '../../../src/verify/trust.js'
import { jobWorkflowRef } from '../../../sandbox/oidc/context.js'
import { OURS, startOwnedRelease, type OwnedRelease } from '../../helpers/owned-release.js'

let owned: OwnedRelease
let ours: X509Certificate
let theirs: X509Certificate
let oursPem: string
let root: TrustedRoot
let githubRoot: TrustedRoot
let san: string

beforeAll(async () => {
  owned = await startOwnedRelease()
  oursPem = certificatePem(owned.bundles.ours)
  ours = parseCertificate(oursPem) as X509Certificate
  theirs = parseCertificate(certificatePem(owned.bundles.theirs)) as X509Certificate
  root = parseTrustedRoot(owned.stack.sigstore.trustedRoot())
  githubRoot = parseTrustedRoot(owned.stack.sigstore.githubTrustedRoot())
  san = `https://github.com/${jobWorkflowRef({ ...owned.stack.oidc.context(), repository: OURS })}`
})
afterAll(async () => {
  await owned.stack.close()
})

describe('parseCertificate', () => {
  it('reads PEM text and DER bytes alike, and nothing else', () => {
    const der = Buffer.from(
      owned.bundles.ours.verificationMaterial.certificate?.rawBytes ?? '',
      'base64'
    )
    expect(parseCertificate(der)?.subjectAltName).toBe(ours.subjectAltName)
    expect(parseCertificate('not a certificate')).toBeUndefined()
    expect(parseCertificate(Buffer.from('garbage'))).toBeUndefined()
  })
})

describe('certificateIdentity', () => {
  it('reads the SAN, the issuer and the source repository Fulcio wrote', () => {
    expect(certificateIdentity(ours)).toEqual({
      san,
      issuer: owned.stack.oidc.issuer,
      sourceRepositoryUri: `https://github.com/${OURS}`,
      repository: OURS
    })
  })
})

describe('issuedToRepository', () => {
  it('recognises this repository, in any case and with a trailing slash, and no other', () => {
    expect(issuedToRepository(ours, `https://github.com/${OURS}`)).toBe(true)
    expect(issuedToRepository(ours, `https://github.com/${OURS.toUpperCase()}/`)).toBe(true)
    expect(issuedToRepository(theirs, `https://github.com/${OURS}`)).toBe(false)
    expect(issuedToRepository(ours, 'https://github.com/octo-org/ours-fork')).toBe(false)
  })

  it('accepts the v1 repository extension when the server URL differs', () => {
    // The source repository URI names github.com; on another server only owner/repo can match.
    expect(issuedToRepository(ours, `https://ghes.example/${OURS}`)).toBe(true)
    expect(issuedToRepository(ours, 'https://ghes.example/octo-org/other')).toBe(false)
  })
})

describe('untrustedIssuer', () => {
  it("finds the root's CA that issued the certificate while both are valid", () => {
    expect(untrustedIssuer(ours, root)).toBeUndefined()
  })

  it("says why another instance's root does not trust it", () => {
    expect(untrustedIssuer(ours, githubRoot)).toBe(
      "none of the trusted root's 1 certificate authorities issued it"
    )
    expect(untrustedIssuer(ours, { ...root, certificateAuthorities: [] })).toBe(
      'the trusted root lists no certificate authority'
    )
  })

  it('refuses outside the validity of the CA or of the certificate', () => {
    const ended = {
      ...root,
      certificateAuthorities: root.certificateAuthorities.map((ca) => ({
        ...ca,
        validFor: { start: new Date('2020-01-01T00:00:00Z'), end: new Date('2021-01-01T00:00:00Z') }
      }))
    }
    expect(untrustedIssuer(ours, ended)).toMatch(/^none of/)
    // The certificate lives minutes; a day later it is no longer valid.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000)
    expect(untrustedIssuer(ours, root, tomorrow)).toMatch(/^none of/)
  })
})

describe('checkIssuedCertificate', () => {
  const issuer = (): string => owned.stack.oidc.issuer

  it("passes a certificate the root trusts, for the run's identity", () => {
    expect(() => checkIssuedCertificate(oursPem, root, { san, issuer: issuer() })).not.toThrow()
  })

  it('stops before anything is logged when the root does not trust the issuer', () => {
    expect(() => checkIssuedCertificate(oursPem, githubRoot, { san, issuer: issuer() })).toThrow(
      expect.objectContaining({
        code: 'TRUST_MATERIAL',
        hint: expect.stringContaining('nothing was logged')
      })
    )
  })

  it('stops when Fulcio certified another identity, naming both', () => {
    expect(() =>
      checkIssuedCertificate(oursPem, root, { san: `${san}-other`, issuer: issuer() })
    ).toThrow(
      expect.objectContaining({
        code: 'FULCIO',
        message: expect.stringContaining(`not for ${JSON.stringify(`${san}-other`)}`)
      })
    )
    expect(() =>
      checkIssuedCertificate(oursPem, root, { san, issuer: 'https://other-issuer' })
    ).toThrow(expect.objectContaining({ code: 'FULCIO' }))
  })

  it('refuses what is not a certificate', () => {
    expect(() => checkIssuedCertificate('{}', root, { san, issuer: issuer() })).toThrow(
      expect.objectContaining({
        code: 'FULCIO',
        message: 'Fulcio returned something that is not a certificate'
      })
    )
  })
})
