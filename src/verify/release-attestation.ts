/**
 * GitHub's release attestation (immutable releases): a statement GitHub signs on publish, on its own
 * instance (SAN https://dotcom.releases.github.com, a timestamp, no log entry), listing the tag and
 * every asset by name and sha256. It must verify and list every signed file with the digest that
 * was signed, and nothing the run did not know of: files the user left unsigned on purpose (not
 * matched by `assets`) may be there, a file that appeared after the run looked may not.
 */
import type { Bundle } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
import { messageOf } from '../errors.js'
import { parseStatement, RELEASE_ATTESTATION_TYPE, type Statement } from '../intoto.js'
import { quote } from '../util/format.js'
import { parseBundle, verifyDsseBundle } from './bundle.js'

export const RELEASE_ATTESTATION_SAN = 'https://dotcom.releases.github.com'

export interface ReleaseAttestationCheck {
  /** `verified`, or `failed` with the reason. */
  status: 'verified' | 'failed'
  detail?: string
}

export interface ExpectedRelease {
  /** Signed files with the digests that were signed. */
  signed: readonly { name: string; sha256: string }[]
  /** Every other file the run knew of: on the release when it looked, or written by it. */
  known: ReadonlySet<string>
}

/**
 * Judges the release attestations GitHub holds (any bundles under a signed asset's digest);
 * `trustFor` gives the trust material for a bundle (GitHub's instance's, to pass).
 */
export function checkReleaseAttestation(
  bundles: readonly unknown[],
  trustFor: (bundle: Bundle) => TrustMaterial,
  expected: ExpectedRelease
): ReleaseAttestationCheck {
  const problems: string[] = []
  for (const bundle of bundles) {
    let statement: Statement
    try {
      const parsed = parseBundle(bundle)
      const { payloadType, payload } = verifyDsseBundle(
        parsed,
        trustFor(parsed),
        { san: RELEASE_ATTESTATION_SAN },
        { requireTlog: false }
      )
      statement = parseStatement(payloadType, payload)
    } catch (error) {
      problems.push(`it does not verify as GitHub's: ${messageOf(error)}`)
      continue
    }
    if (statement.predicateType !== RELEASE_ATTESTATION_TYPE) continue
    const mismatch = listMismatch(statement, expected)
    if (!mismatch) return { status: 'verified' }
    problems.push(mismatch)
  }
  return {
    status: 'failed',
    detail: problems[0] ?? "GitHub's attestations API holds no release attestation for it"
  }
}

function listMismatch(statement: Statement, expected: ExpectedRelease): string | undefined {
  const listed = new Map<string, string>()
  for (const s of statement.subject) {
    const sha256 = s.digest.sha256
    if (typeof s.name === 'string' && sha256) listed.set(s.name, sha256)
  }
  for (const { name, sha256 } of expected.signed) {
    const digest = listed.get(name)
    if (digest === undefined) return `it does not list ${quote(name)}`
    if (digest !== sha256)
      return `it lists ${quote(name)} with sha256 ${digest}, but ${sha256} was signed`
  }
  const signed = new Set(expected.signed.map((s) => s.name))
  const extra = [...listed.keys()].filter((n) => !signed.has(n) && !expected.known.has(n))
  if (extra.length > 0)
    return `it lists ${extra.map(quote).join(', ')}, which ${extra.length === 1 ? 'was' : 'were'} not on the release when it was signed`
  return undefined
}
