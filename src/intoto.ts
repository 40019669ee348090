/** in-toto v1 statements: what provenance and SBOM attestations say about the subjects. */
import { byName } from './util/sort.js'
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const SLSA_PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1'
export const CYCLONEDX_TYPE = 'https://cyclonedx.org/bom'
export const SPDX_TYPE = 'https://spdx.dev/Document'
/** This project's release-authorisation predicate (docs/authorization.schema.json). */
/** GitHub's own attestation of an immutable release: the tag and every asset. */
export const RELEASE_ATTESTATION_TYPE = 'https://in-toto.io/attestation/release/v0.2'
export const AUTHORIZATION_TYPE = 'https://sign-release.dev/authorization/v1'

export interface Statement {
  _type: string
  subject: { name: string; digest: Record<string, string> }[]
  predicateType: string
  predicate: Record<string, unknown>
}

export function statementFor(
  subjects: readonly { name: string; sha256: string }[],
  predicateType: string,
  predicate: Record<string, unknown>
): Statement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [...subjects]
      .sort(byName)
      .map((s) => ({ name: s.name, digest: { sha256: s.sha256 } })),
    predicateType,
    predicate
  }
}

/** Reads the statement a verified DSSE payload carries, refusing anything but in-toto v1. */
export function parseStatement(payloadType: string, payload: Buffer): Statement {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new Error(`payload type ${payloadType} is not in-toto`)
  const statement = JSON.parse(payload.toString('utf8')) as Statement
  if (statement._type !== IN_TOTO_STATEMENT_TYPE || !Array.isArray(statement.subject)) {
    throw new Error('the payload is not an in-toto v1 statement')
  }
  return statement
}

/** Whether a statement covers exactly these subjects (names and SHA-256 digests). */
export function coversExactly(
  statement: Statement,
  subjects: readonly { name: string; sha256: string }[]
): boolean {
  const wanted = new Map(subjects.map((s) => [s.name, s.sha256]))
  const listed = new Set(statement.subject.map((s) => s.name))
  // Same count and no name listed twice: every wanted subject is there, once.
  return (
    statement.subject.length === wanted.size &&
    listed.size === wanted.size &&
    statement.subject.every((s) => wanted.get(s.name) === s.digest.sha256)
  )
}
