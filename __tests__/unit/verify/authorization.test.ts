/**
 * The authorisation statement as `sign-release verify` checks it: found among the release's JSON
 * Lines files by its predicate type, verified (a real DSSE bundle signed by the sandbox's Fulcio and
 * logged in its Rekor) for the expected identity, and then judged per file: signed by the file's
 * signer, covering the file, naming the environment, recording an approval by a wanted login.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AUTHORIZATION_TYPE, SLSA_PROVENANCE_TYPE, statementFor } from '../../../src/intoto.js'
import { type SignContext } from '../../../src/sign/context.js'
import { signStatement } from '../../../src/sign/provenance.js'
import {
  authorizes,
  predicateTypeOf,
  readAuthorizationFile,
  type AuthorizationRead,
  type AuthorizationRequirement
} from '../../../src/verify/authorization.js'
import type { IdentityPolicy } from '../../../src/verify/bundle.js'
import { parseTrustedRoot, trustFor, type TrustFor } from '../../../src/verify/trust.js'
import {
  actionSigning,
  stackPolicy,
  startStack,
  type Stack
} from '../../sandbox/sigstore-fixture.js'

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
const FILE = { name: 'app.zip', sha256: sha('app') }
const PREDICATE = {
  environment: { name: 'release' },
  approvals: [{ login: 'Bob', id: 12, state: 'approved', comment: '' }]
}

let stack: Stack
let context: SignContext
let trust: TrustFor
let policy: IdentityPolicy
/** Bundle lines: the authorisation statement, and a provenance statement. */
let authorizationLine: string
let provenanceLine: string

async function line(predicateType: string, predicate: Record<string, unknown>): Promise<string> {
  return JSON.stringify(
    await signStatement(context, statementFor([FILE], predicateType, predicate))
  )
}

beforeAll(async () => {
  stack = await startStack({ repository: 'octo-org/app' })
  const root = parseTrustedRoot(stack.sigstore.trustedRoot())
  context = await actionSigning(stack)
  trust = trustFor([root])
  policy = stackPolicy(stack)
  authorizationLine = await line(AUTHORIZATION_TYPE, PREDICATE)
  provenanceLine = await line(SLSA_PROVENANCE_TYPE, { buildDefinition: {} })
})
afterAll(async () => {
  await stack.close()
})

describe('readAuthorizationFile', () => {
  it('finds the authorisation statement among the files and verifies it', () => {
    const read = readAuthorizationFile(
      [
        { name: 'multiple.intoto.jsonl', line: provenanceLine },
        { name: 'authorization.intoto.jsonl', line: authorizationLine }
      ],
      trust,
      policy
    )
    expect(read).toMatchObject({
      name: 'authorization.intoto.jsonl',
      status: 'ok',
      signer: policy.san,
      statement: { predicateType: AUTHORIZATION_TYPE, predicate: PREDICATE }
    })
  })

  it('finds none among files that are not authorisations', () => {
    expect(
      readAuthorizationFile(
        [{ name: 'multiple.intoto.jsonl', line: provenanceLine }],
        trust,
        policy
      )
    ).toBeUndefined()
  })

  it('fails a statement signed for another identity, or altered', () => {
    const other = readAuthorizationFile([{ name: 'a.jsonl', line: authorizationLine }], trust, {
      ...policy,
      san: `${policy.san as string}-other`
    })
    expect(other).toMatchObject({ name: 'a.jsonl', status: 'failed' })
    // The same predicate type, approvals added after signing.
    const bundle = JSON.parse(authorizationLine) as { dsseEnvelope: { payload: string } }
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString())
    statement.predicate.approvals.push({ login: 'mallory', id: 66, state: 'approved' })
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
    const altered = readAuthorizationFile(
      [{ name: 'a.jsonl', line: JSON.stringify(bundle) }],
      trust,
      policy
    )
    expect(altered?.status).toBe('failed')
    expect(altered?.detail).toBeTruthy()
  })
})

describe('authorizes', () => {
  const any: AuthorizationRequirement = { required: true, approvers: [] }
  let read: AuthorizationRead
  beforeAll(() => {
    read = readAuthorizationFile([{ name: 'auth.jsonl', line: authorizationLine }], trust, policy)!
  })
  const withPredicate = (predicate: Record<string, unknown>): AuthorizationRead => ({
    ...read,
    statement: statementFor([FILE], AUTHORIZATION_TYPE, predicate)
  })

  it('passes a file the statement covers, signed by the same signer', () => {
    expect(authorizes(read, any, { ...FILE, signer: policy.san as string })).toEqual({
      status: 'ok'
    })
    expect(authorizes(read, { ...any, environment: 'release', approvers: ['bob'] }, FILE)).toEqual({
      status: 'ok'
    })
  })

  it('fails when there is no statement only if one is required', () => {
    expect(authorizes(undefined, any, FILE)).toEqual({
      status: 'failed',
      detail: 'no authorisation statement on the release'
    })
    expect(authorizes(undefined, { ...any, required: false }, FILE).status).toBe('missing')
  })

  it('fails a statement that does not verify, another signer, or another file', () => {
    expect(authorizes({ name: 'x', status: 'failed', detail: 'bad' }, any, FILE)).toEqual({
      status: 'failed',
      detail: 'x does not verify: bad'
    })
    expect(authorizes(read, any, { ...FILE, signer: 'https://github.com/o/r/x.yml@v1' })).toEqual({
      status: 'failed',
      detail: `auth.jsonl was signed by ${policy.san as string}, not by https://github.com/o/r/x.yml@v1, which signed the file`
    })
    expect(authorizes(read, any, { ...FILE, sha256: sha('other') }).detail).toBe(
      'auth.jsonl does not cover this file'
    )
    expect(authorizes(read, any, { ...FILE, name: 'app.tar.gz' }).status).toBe('failed')
  })

  it('fails another environment, no environment, no approval, or nobody wanted approving', () => {
    expect(authorizes(read, { ...any, environment: 'prod' }, FILE).detail).toBe(
      'auth.jsonl names environment "release", not "prod"'
    )
    expect(authorizes(withPredicate({ approvals: PREDICATE.approvals }), any, FILE).detail).toBe(
      'auth.jsonl names no environment'
    )
    const rejected = withPredicate({
      ...PREDICATE,
      approvals: [{ login: 'bob', id: 12, state: 'rejected' }]
    })
    expect(authorizes(rejected, any, FILE).detail).toBe('auth.jsonl records no approval')
    expect(authorizes(read, { ...any, approvers: ['carol', 'dave'] }, FILE).detail).toBe(
      'approved by "Bob", none of carol, dave'
    )
  })

  it("quotes logins from the statement, so none can pass for the report's own text", () => {
    const hostile = withPredicate({
      ...PREDICATE,
      approvals: [{ login: 'x", none of carol\n| ok |', id: 1, state: 'approved' }]
    })
    const detail = authorizes(hostile, { ...any, approvers: ['carol'] }, FILE).detail ?? ''
    expect(detail).not.toContain('\n')
    expect(detail).toBe(`approved by ${JSON.stringify('x", none of carol\n| ok |')}, none of carol`)
  })
})

describe('predicateTypeOf', () => {
  it('reads the claimed predicate type of a DSSE bundle line without verifying it', () => {
    expect(predicateTypeOf(authorizationLine)).toBe(AUTHORIZATION_TYPE)
    expect(predicateTypeOf(provenanceLine)).toBe(SLSA_PROVENANCE_TYPE)
  })

  it.each([
    ['not JSON', '{'],
    ['a message-signature bundle', '{"messageSignature":{}}'],
    [
      'a payload that is not JSON',
      `{"dsseEnvelope":{"payload":"${Buffer.from('x').toString('base64')}"}}`
    ],
    [
      'a statement without a type',
      `{"dsseEnvelope":{"payload":"${Buffer.from('{}').toString('base64')}"}}`
    ]
  ])('reads none from %s', (_name, line) => {
    expect(predicateTypeOf(line)).toBeUndefined()
  })
})
