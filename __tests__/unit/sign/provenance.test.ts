/**
 * Our SLSA predicate is the one @actions/attest's buildSLSAProvenancePredicate builds from the same
 * token (its own token request is stubbed for this comparison only), and a token that does not
 * verify against the issuer's keys, or lacks a claim, gives no predicate.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { SignJWT, generateKeyPair } from 'jose'
import { startOidc, type OidcService } from '../../../sandbox/oidc/service.js'

let oidc: OidcService
let token = ''

jest.unstable_mockModule('@actions/core', () => ({ getIDToken: () => Promise.resolve(token) }))
const { buildSLSAProvenancePredicate } = await import('@actions/attest')
const { slsaPredicate, githubIssuer } = await import('../../../src/sign/provenance.js')

beforeAll(async () => {
  oidc = await startOidc({})
})
afterAll(async () => {
  await oidc.close()
})

describe('the SLSA provenance predicate', () => {
  it("equals @actions/attest's for the same token", async () => {
    // @actions/attest checks the audience it asks for ('nobody'); ours takes the run's token.
    token = await oidc.mint('nobody')
    const serverUrl = 'https://github.com'
    const saved = process.env.GITHUB_SERVER_URL
    process.env.GITHUB_SERVER_URL = serverUrl
    try {
      const theirs = await buildSLSAProvenancePredicate(oidc.issuer)
      const ours = await slsaPredicate({ token, issuer: oidc.issuer, serverUrl })
      expect(ours).toEqual(theirs.params)
      expect(ours).not.toEqual({})
    } finally {
      if (saved === undefined) delete process.env.GITHUB_SERVER_URL
      else process.env.GITHUB_SERVER_URL = saved
    }
  })

  it('takes the server URL from its argument', async () => {
    const predicate = await slsaPredicate({
      token: await oidc.mint('sigstore'),
      issuer: oidc.issuer,
      serverUrl: 'https://example.ghe.com'
    })
    expect(JSON.stringify(predicate)).toContain('https://example.ghe.com/')
    expect(JSON.stringify(predicate)).not.toContain('https://github.com/')
  })

  it('refuses a token signed by another key, naming the issuer', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    const forged = await new SignJWT({ repository: 'o/r' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(oidc.issuer)
      .sign(privateKey)
    await expect(
      slsaPredicate({ token: forged, issuer: oidc.issuer, serverUrl: 'https://github.com' })
    ).rejects.toMatchObject({ code: 'PROVENANCE', message: expect.stringContaining(oidc.issuer) })
  })

  it('refuses a token whose iss is not the issuer it was checked against', async () => {
    // Keys served at the sandbox's URL, tokens naming GitHub's issuer.
    const other = await startOidc({ issuer: 'https://token.actions.githubusercontent.com' })
    try {
      const token = await other.mint('sigstore')
      await expect(
        slsaPredicate({ token, issuer: other.discoveryUrl, serverUrl: 'https://github.com' })
      ).rejects.toMatchObject({
        code: 'PROVENANCE',
        message: expect.stringContaining('https://token.actions.githubusercontent.com')
      })
    } finally {
      await other.close()
    }
  })

  it("derives GitHub's issuer from the server URL, as @actions/attest does", () => {
    expect(githubIssuer('https://github.com')).toBe('https://token.actions.githubusercontent.com')
    expect(githubIssuer('https://acme.ghe.com')).toBe('https://token.actions.acme.ghe.com')
    expect(() => githubIssuer('https://ghes.example.com')).toThrow(/GITHUB_SERVER_URL/)
  })
})
