/**
 * `sign-release verify`'s arguments: the certificate identity it requires (the repository's own
 * release workflows at the release's tag, or the named signer workflow at its ref, on the given
 * server), and the usage errors it gives before reading anything. Verifying whole releases is
 * covered by verify/release.test.ts and, through the built CLI, by the e2e tests.
 */
import { describe, expect, it } from '@jest/globals'
import { CliError } from '../../../src/cli/errors.js'
import { expectedIdentity, verifyReleaseCommand } from '../../../src/cli/verify-release.js'

describe('expectedIdentity', () => {
  const WORKFLOWS = 'https://github.com/o/r/.github/workflows'

  it("accepts any of the repository's workflows, at the release's tag only", () => {
    const san = expectedIdentity('o/r', 'v1.2')
    expect(san.test(`${WORKFLOWS}/release.yml@refs/tags/v1.2`)).toBe(true)
    expect(san.test(`${WORKFLOWS}/other.yml@refs/tags/v1.2`)).toBe(true)
    expect(san.test(`${WORKFLOWS}/release.yml@refs/tags/v1x2`)).toBe(false)
    expect(san.test(`${WORKFLOWS}/release.yml@refs/heads/main`)).toBe(false)
    expect(san.test('https://github.com/o/rx/.github/workflows/release.yml@refs/tags/v1.2')).toBe(
      false
    )
    expect(san.test(`${WORKFLOWS}/a.yml@refs/tags/v1.2@refs/tags/v1.2`)).toBe(false)
  })

  it('pins the named signer workflow, at the given ref or its own for another repository', () => {
    const own = expectedIdentity('o/r', 'v1', 'o/r/.github/workflows/release.yml')
    expect(own.test(`${WORKFLOWS}/release.yml@refs/tags/v1`)).toBe(true)
    expect(own.test(`${WORKFLOWS}/other.yml@refs/tags/v1`)).toBe(false)
    const reusable = expectedIdentity('o/r', 'v1', 'o/shared/.github/workflows/sign.yml')
    expect(
      reusable.test('https://github.com/o/shared/.github/workflows/sign.yml@refs/heads/main')
    ).toBe(true)
    const pinned = expectedIdentity(
      'o/r',
      'v1',
      'o/shared/.github/workflows/sign.yml',
      'refs/tags/shared-v2'
    )
    expect(
      pinned.test('https://github.com/o/shared/.github/workflows/sign.yml@refs/tags/shared-v2')
    ).toBe(true)
    expect(
      pinned.test('https://github.com/o/shared/.github/workflows/sign.yml@refs/heads/main')
    ).toBe(false)
  })

  it('uses the given server, without a trailing slash', () => {
    const san = expectedIdentity('o/r', 'v1', undefined, undefined, 'https://ghes.example/')
    expect(san.test('https://ghes.example/o/r/.github/workflows/release.yml@refs/tags/v1')).toBe(
      true
    )
    expect(san.test(`${WORKFLOWS}/release.yml@refs/tags/v1`)).toBe(false)
  })

  it('refuses a signer workflow that is not OWNER/REPO/.github/workflows/FILE', () => {
    expect(() => expectedIdentity('o/r', 'v1', 'o/r/release.yml')).toThrow(
      '--signer-workflow o/r/release.yml: expected OWNER/REPO/.github/workflows/FILE'
    )
  })
})

describe('verifyReleaseCommand arguments', () => {
  const env = {}
  it.each([
    [{ tag: 'v1' }, 'verify: --repo OWNER/REPO and --tag TAG are required'],
    [{ repo: 'o/r' }, 'verify: --repo OWNER/REPO and --tag TAG are required'],
    [
      { repo: 'o/r', tag: 'v1', approvers: ['a'] },
      'verify: --approver and --environment go with --require-authorization'
    ],
    [
      { repo: 'o/r', tag: 'v1', environment: 'prod' },
      'verify: --approver and --environment go with --require-authorization'
    ],
    [
      { repo: 'o/r', tag: 'v1', runnerEnvironment: 'cloud' },
      'verify: --runner-environment cloud: expected github-hosted or self-hosted'
    ],
    [
      { repo: 'o/r', tag: 'v1', signerWorkflow: 'x.yml' },
      '--signer-workflow x.yml: expected OWNER/REPO/.github/workflows/FILE'
    ]
  ])('refuses %p as a usage error', async (args, message) => {
    const error = await verifyReleaseCommand({ ...args, env }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({ exitCode: 2, message })
  })
})
