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

/** The first statement file that holds SLSA provenance, verified for the expected identity. */
export function readProvenance(
  trustFor: TrustFor,
  policy: IdentityPolicy,
  candidates: { name: string; line: string }[]
): ProvenanceRead | undefined {
  for (const { name, line } of candidates) {
    let statement: Statement
    try {
      const bundle = parseBundle(JSON.parse(line))
      const { trust, requireTlog } = trustFor(bundle)
      const { payloadType, payload } = verifyDsseBundle(bundle, trust, policy, { requireTlog })
      statement = parseStatement(payloadType, payload)
    } catch (error) {
      return { name, check: { status: 'failed', detail: messageOf(error) } }
    }
    if (statement.predicateType !== SLSA_PROVENANCE_TYPE) continue
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
  return undefined
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
