/** The release's SLSA provenance as a downloader checks it: verified, built by the expected workflow. */
import { messageOf } from '../errors.js'
import { parseStatement, SLSA_PROVENANCE_TYPE, type Statement } from '../intoto.js'
import { parseBundle, sanMatches, verifyDsseBundle, type IdentityPolicy } from './bundle.js'
import type { Check } from './release-verdict.js'
import type { TrustFor } from './trust.js'

export interface ProvenanceRead {
  name: string
  check: Check
  statement?: Statement
}

/**
 * The first statement file that holds SLSA provenance verified for the expected identity. A file
 * that does not verify (someone else's attestation, a broken one) does not hide a valid provenance
 * beside it; it is reported only when no statement file is a valid provenance.
 */
export function readProvenance(
  trustFor: TrustFor,
  policy: IdentityPolicy,
  candidates: { name: string; line: string }[]
): ProvenanceRead | undefined {
  let firstFailure: ProvenanceRead | undefined
  for (const { name, line } of candidates) {
    const read = readOne(trustFor, policy, name, line)
    if (read?.check.status === 'ok') return read
    firstFailure ??= read
  }
  return firstFailure
}

/** One statement file: undefined when it verifies but is not SLSA provenance. */
function readOne(
  trustFor: TrustFor,
  policy: IdentityPolicy,
  name: string,
  line: string
): ProvenanceRead | undefined {
  let statement: Statement
  try {
    const bundle = parseBundle(JSON.parse(line))
    const { trust, requireTlog } = trustFor(bundle)
    const { payloadType, payload } = verifyDsseBundle(bundle, trust, policy, { requireTlog })
    statement = parseStatement(payloadType, payload)
  } catch (error) {
    return { name, check: { status: 'failed', detail: messageOf(error) } }
  }
  if (statement.predicateType !== SLSA_PROVENANCE_TYPE) return undefined
  const builder =
    (statement.predicate as { runDetails?: { builder?: { id?: string } } }).runDetails?.builder
      ?.id ?? ''
  if (!sanMatches(policy, builder)) {
    return {
      name,
      check: { status: 'failed', detail: `the builder is ${builder}, not the expected workflow` }
    }
  }
  return { name, check: { status: 'ok' }, statement }
}

/** Whether the provenance covers this file with this digest. */
export function coverage(
  provenance: ProvenanceRead | undefined,
  name: string,
  sha256: string
): Check {
  if (!provenance) return { status: 'missing', detail: 'no provenance on the release' }
  if (!provenance.statement)
    return { status: 'failed', detail: `${provenance.name} does not verify` }
  const covered = provenance.statement.subject.some(
    (s) => s.name === name && s.digest.sha256 === sha256
  )
  if (!covered) return { status: 'failed', detail: `${provenance.name} does not cover this file` }
  return { status: 'ok' }
}
