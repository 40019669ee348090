/**
 * in-toto v1 statements: subjects in name order with their SHA-256, a payload read only when it is
 * an in-toto v1 statement, and a statement that covers exactly a set of subjects.
 */
import { describe, expect, it } from '@jest/globals'
import {
  coversExactly,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  parseStatement,
  SLSA_PROVENANCE_TYPE,
  statementFor
} from '../../src/intoto.js'

const A = { name: 'a.zip', sha256: 'aa'.repeat(32) }
const B = { name: 'B.tar.gz', sha256: 'bb'.repeat(32) }

describe('statementFor', () => {
  it('lists the subjects in code-unit name order, with their digests', () => {
    const statement = statementFor([A, B], SLSA_PROVENANCE_TYPE, { x: 1 })
    expect(statement).toEqual({
      _type: IN_TOTO_STATEMENT_TYPE,
      subject: [
        { name: 'B.tar.gz', digest: { sha256: B.sha256 } },
        { name: 'a.zip', digest: { sha256: A.sha256 } }
      ],
      predicateType: SLSA_PROVENANCE_TYPE,
      predicate: { x: 1 }
    })
  })

  it("leaves the caller's list as it was", () => {
    const subjects = [A, B]
    statementFor(subjects, SLSA_PROVENANCE_TYPE, {})
    expect(subjects).toEqual([A, B])
  })
})

describe('parseStatement', () => {
  const payload = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

  it('reads an in-toto v1 statement back', () => {
    const statement = statementFor([A], SLSA_PROVENANCE_TYPE, {})
    expect(parseStatement(IN_TOTO_PAYLOAD_TYPE, payload(statement))).toEqual(statement)
  })

  it('refuses another payload type, another statement version, or no subject list', () => {
    const statement = statementFor([A], SLSA_PROVENANCE_TYPE, {})
    expect(() => parseStatement('application/json', payload(statement))).toThrow('not in-toto')
    expect(() =>
      parseStatement(
        IN_TOTO_PAYLOAD_TYPE,
        payload({ ...statement, _type: 'https://in-toto.io/Statement/v0.1' })
      )
    ).toThrow('not an in-toto v1 statement')
    expect(() =>
      parseStatement(IN_TOTO_PAYLOAD_TYPE, payload({ ...statement, subject: 'a.zip' }))
    ).toThrow('not an in-toto v1 statement')
    expect(() => parseStatement(IN_TOTO_PAYLOAD_TYPE, Buffer.from('{'))).toThrow(SyntaxError)
  })
})

describe('coversExactly', () => {
  const statement = statementFor([A, B], SLSA_PROVENANCE_TYPE, {})

  it('holds for the same subjects in any order', () => {
    expect(coversExactly(statement, [A, B])).toBe(true)
    expect(coversExactly(statement, [B, A])).toBe(true)
  })

  it('fails for a subject missing, one more, or another digest', () => {
    expect(coversExactly(statement, [A])).toBe(false)
    expect(coversExactly(statement, [A, B, { name: 'c', sha256: 'cc'.repeat(32) }])).toBe(false)
    expect(coversExactly(statement, [A, { ...B, sha256: 'cc'.repeat(32) }])).toBe(false)
    expect(coversExactly(statement, [A, { ...B, name: 'b.tar.gz' }])).toBe(false)
  })

  it('fails for a statement that lists one subject twice in place of another', () => {
    expect(coversExactly(statementFor([A, A], SLSA_PROVENANCE_TYPE, {}), [A, B])).toBe(false)
  })
})
