/**
 * Files of the user's under every name sign-release writes. Each case seeds one such file on a draft
 * that also holds `app.bin`, and runs the action under every `on-existing` value: the run must stop
 * with FOREIGN_FILE before writing anything, and the file must be exactly as it was.
 * __tests__/e2e/ownership.test.ts runs the table; docs/reliability.md is rendered from it.
 */

/** What the user's file holds. */
export type ForeignContent =
  | 'user text'
  | 'a PGP signature'
  | 'a checksums file without our bundle'
  | "another repository's bundle"
  | "another repository's signature"
  | "another repository's certificate"
  | "another repository's provenance"
  | "another repository's checksums file and bundle"

export interface OwnershipCase {
  /** The name on the release (one this run would write). */
  file: string
  content: ForeignContent
  /** Extra inputs that make the run write under that name. */
  inputs?: Record<string, string>
  /** Which input the error must name as the way out. */
  avoidedBy: string
}

const withChecksums = { checksums: 'SHA256SUMS' }
const withProvenance = { provenance: 'true' }

export const OWNERSHIP_CASES: OwnershipCase[] = [
  { file: 'app.bin.sig', content: 'a PGP signature', avoidedBy: 'sidecars' },
  { file: 'app.bin.sig', content: "another repository's signature", avoidedBy: 'sidecars' },
  { file: 'app.bin.sigstore.json', content: 'user text', avoidedBy: 'sidecars' },
  { file: 'app.bin.sigstore.json', content: "another repository's bundle", avoidedBy: 'sidecars' },
  { file: 'app.bin.pem', content: "another repository's certificate", avoidedBy: 'sidecars' },
  { file: 'app.bin.sig.sign-release-tmp', content: 'user text', avoidedBy: 'sidecars' },
  {
    file: 'SHA256SUMS',
    content: 'a checksums file without our bundle',
    inputs: withChecksums,
    avoidedBy: 'checksums'
  },
  {
    file: 'SHA256SUMS',
    content: "another repository's checksums file and bundle",
    inputs: withChecksums,
    avoidedBy: 'checksums'
  },
  {
    file: 'SHA256SUMS.sigstore.json',
    content: "another repository's bundle",
    inputs: withChecksums,
    avoidedBy: 'sidecars'
  },
  {
    file: 'SHA256SUMS.sign-release-tmp',
    content: 'user text',
    inputs: withChecksums,
    avoidedBy: 'checksums'
  },
  {
    file: 'multiple.intoto.jsonl',
    content: "another repository's provenance",
    inputs: withProvenance,
    avoidedBy: 'provenance-name'
  },
  {
    file: 'multiple.intoto.jsonl',
    content: 'user text',
    inputs: withProvenance,
    avoidedBy: 'provenance-name'
  },
  {
    file: 'multiple.intoto.jsonl.sign-release-tmp',
    content: "another repository's provenance",
    inputs: withProvenance,
    avoidedBy: 'provenance-name'
  },
  {
    file: 'sbom.intoto.jsonl',
    content: "another repository's provenance",
    inputs: { sbom: 'bom.cdx.json' },
    avoidedBy: 'sbom'
  }
]

export const ON_EXISTING = ['skip', 'replace', 'fail'] as const
