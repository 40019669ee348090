/**
 * One artifact against one bundle, whatever the bundle holds, on real bundles of the sandbox: a
 * Fulcio-certified message signature (checked over the bytes, or over the digest alone), an in-toto
 * statement that must list the artifact, and a signature by a managed key (logged in the sandbox's
 * Rekor), which carries no identity and so needs the artifact's bytes.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON, toMessageSignatureBundle, type Bundle } from '@sigstore/bundle'
import { RekorWitness } from '@sigstore/sign'
import { SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { signDigestBundle } from '../../../src/sign/message.js'
import { signStatement } from '../../../src/sign/provenance.js'
import { verifyArtifact, type Artifact, type ArtifactCheck } from '../../../src/verify/artifact.js'
import type { IdentityPolicy } from '../../../src/verify/bundle.js'
import { parseTrustedRoot, trustWithKey } from '../../../src/verify/trust.js'
import {
  actionSigning,
  stackPolicy,
  startStack,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const DATA = Buffer.from('app v1')
const OTHER = Buffer.from('app v2')
const sha = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest()

let stack: Stack
let policy: IdentityPolicy
let message: Bundle
let statement: Bundle
let keySigned: Bundle
const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const keyPem = key.publicKey.export({ format: 'pem', type: 'spki' }).toString()

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  policy = stackPolicy(stack)
  const context = await actionSigning(stack)
  message = bundleFromJSON(await signDigestBundle(context.signer, context.witnesses, sha(DATA)))
  statement = bundleFromJSON(
    await signStatement(
      context,
      statementFor(
        [
          { name: 'app', sha256: sha(DATA).toString('hex') },
          { name: 'lib', sha256: sha(Buffer.from('lib')).toString('hex') }
        ],
        SLSA_PROVENANCE_TYPE,
        {}
      )
    )
  )
  // A managed key's signature, logged in Rekor as cosign sign-blob --key does.
  keySigned = toMessageSignatureBundle({
    digest: sha(DATA),
    signature: sign('sha256', DATA, key.privateKey),
    keyHint: 'managed'
  })
  const witness = new RekorWitness({ rekorBaseURL: stack.sigstore.rekorUrl })
  const material = await witness.testify(keySigned.content, keyPem)
  keySigned.verificationMaterial.tlogEntries.push(...(material.tlogEntries ?? []))
})
afterAll(async () => {
  await stack.close()
})

const check =
  (bundle: Bundle, artifact: Artifact, change: Partial<ArtifactCheck> = {}) =>
  () =>
    verifyArtifact({
      bundle,
      artifact,
      trust: trustWithKey(parseTrustedRoot(stack.sigstore.trustedRoot()), keyPem),
      policy,
      requireTlog: true,
      ...change
    })

describe('verifyArtifact', () => {
  it('verifies a message signature over the bytes or over their digest alone', () => {
    expect(check(message, { data: DATA })).not.toThrow()
    expect(check(message, { sha256: sha(DATA) })).not.toThrow()
    expect(check(message, { data: OTHER })).toThrow()
    expect(check(message, { sha256: sha(OTHER) })).toThrow()
  })

  it('verifies a statement that lists the artifact, by bytes or digest, and no other', () => {
    expect(check(statement, { data: DATA })).not.toThrow()
    expect(check(statement, { sha256: sha(Buffer.from('lib')) })).not.toThrow()
    expect(check(statement, { data: OTHER })).toThrow(
      `the statement does not list the artifact's digest sha256:${sha(OTHER).toString('hex')}`
    )
  })

  it('holds every kind to the identity policy', () => {
    const other = { ...policy, san: `${policy.san as string}-other` }
    expect(check(message, { data: DATA }, { policy: other })).toThrow()
    expect(check(statement, { data: DATA }, { policy: other })).toThrow()
  })

  it('verifies a managed-key signature over the bytes, and needs them', () => {
    expect(check(keySigned, { data: DATA }, { policy: undefined })).not.toThrow()
    expect(check(keySigned, { data: OTHER }, { policy: undefined })).toThrow()
    expect(check(keySigned, { sha256: sha(DATA) }, { policy: undefined })).toThrow(
      'a managed-key bundle needs the artifact itself, not only its digest'
    )
  })

  it('refuses a managed-key signature when the key is not trusted', () => {
    const untrusted = trustWithKey(parseTrustedRoot(stack.sigstore.trustedRoot()))
    expect(check(keySigned, { data: DATA }, { policy: undefined, trust: untrusted })).toThrow()
  })
})
