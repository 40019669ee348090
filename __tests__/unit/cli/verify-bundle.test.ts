/**
 * `sign-release verify-bundle` in process, on real files: a bundle the sandbox's Fulcio and Rekor
 * made for a file verifies against the file or its digest with the sandbox's trusted root; another
 * identity, other bytes or the wrong root fail with exit code 1; and every input that cannot be used
 * is a usage error (exit code 2) that names it.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CliError } from '../../../src/cli/errors.js'
import { verifyBundle, type VerifyBundleArgs } from '../../../src/cli/verify-bundle.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { jobWorkflowRef } from '../../../sandbox/oidc/context.js'
import { actionSigning, startStack, type Stack } from '../../sandbox/sigstore-fixture.js'

const DATA = Buffer.from('app v1')
const DIGEST = createHash('sha256').update(DATA).digest('hex')
let stack: Stack
let dir: string
let args: Required<Omit<VerifyBundleArgs, 'key'>>

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  const root = stack.sigstore.trustedRoot()
  const context = await actionSigning(stack)
  const bundle = await signDigestBundle(
    context.signer,
    context.witnesses,
    Buffer.from(DIGEST, 'hex')
  )
  dir = await mkdtemp(join(tmpdir(), 'verify-bundle-'))
  await writeFile(join(dir, 'app.bin'), DATA)
  await writeFile(join(dir, 'app.bin.sigstore.json'), JSON.stringify(bundle))
  await writeFile(join(dir, 'trusted_root.json'), JSON.stringify(root))
  await writeFile(join(dir, 'github_root.json'), JSON.stringify(stack.sigstore.githubTrustedRoot()))
  await writeFile(join(dir, 'other.bin'), 'app v2')
  await writeFile(join(dir, 'notes.json'), '{"notes": true}')
  await writeFile(join(dir, 'broken.json'), '{')
  args = {
    bundle: join(dir, 'app.bin.sigstore.json'),
    certificateIdentity: `https://github.com/${jobWorkflowRef(stack.oidc.context())}`,
    certificateOidcIssuer: stack.oidc.issuer,
    trustedRoot: join(dir, 'trusted_root.json'),
    artifact: join(dir, 'app.bin')
  }
})
afterAll(async () => {
  await stack.close()
})

async function failure(given: VerifyBundleArgs): Promise<CliError> {
  const error = await verifyBundle(given).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('verify-bundle', () => {
  it('verifies the file, or its digest, for the identity and issuer', async () => {
    expect(await verifyBundle(args)).toBe(`OK: ${args.artifact} verifies with ${args.bundle}`)
    expect(await verifyBundle({ ...args, artifact: `sha256:${DIGEST.toUpperCase()}` })).toMatch(
      /^OK: sha256:/
    )
  })

  /** A file of the test directory (known once the set-up ran). */
  const file = (name: string): string => join(dir, name)

  it.each([
    [
      'another identity',
      () => ({
        certificateIdentity: 'https://github.com/o/r/.github/workflows/x.yml@refs/heads/main'
      })
    ],
    [
      'another issuer',
      () => ({ certificateOidcIssuer: 'https://token.actions.githubusercontent.com' })
    ],
    ['other bytes', () => ({ artifact: file('other.bin') })],
    ['the trusted root of another instance', () => ({ trustedRoot: file('github_root.json') })],
    ['the production root (the default)', () => ({ trustedRoot: undefined })]
  ])('fails verification (exit 1) for %s', async (_name, change) => {
    const error = await failure({ ...args, ...change() })
    expect(error.exitCode).toBe(1)
    expect(error.message).toMatch(/^verification failed: /)
  })

  it.each([
    ['no bundle', () => ({ bundle: undefined }), 'verify-bundle: --bundle is required'],
    ['no artifact', () => ({ artifact: undefined }), 'verify-bundle: give the artifact'],
    [
      'no identity',
      () => ({ certificateIdentity: undefined }),
      '--certificate-identity and --certificate-oidc-issuer, or --key'
    ],
    [
      'no issuer',
      () => ({ certificateOidcIssuer: '' }),
      '--certificate-identity and --certificate-oidc-issuer, or --key'
    ],
    [
      'a bundle that cannot be read',
      () => ({ bundle: file('none.json') }),
      'none.json: Error: ENOENT'
    ],
    [
      'a bundle that is not JSON',
      () => ({ bundle: file('broken.json') }),
      'broken.json is not JSON'
    ],
    [
      'JSON that is not a bundle',
      () => ({ bundle: file('notes.json') }),
      'is not a Sigstore bundle this tool knows'
    ],
    [
      'an artifact that cannot be read',
      () => ({ artifact: file('none.bin') }),
      'cannot read the artifact'
    ],
    [
      'a digest that is not SHA-256 (taken for a file name)',
      () => ({ artifact: 'sha256:abc' }),
      'cannot read the artifact sha256:abc'
    ],
    [
      'a trusted root that is not JSON',
      () => ({ trustedRoot: file('broken.json') }),
      'cannot read the trusted root'
    ],
    ['a key that cannot be read', () => ({ key: file('none.pem') }), 'cannot read the key']
  ])('is a usage error (exit 2) for %s', async (_name, change, message) => {
    const error = await failure({ ...args, ...change() })
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain(message)
  })
})
