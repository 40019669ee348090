/**
 * `sign-release verify` on a release read from GitHub: GitHub's own release attestation, when the
 * release is immutable and has one, must verify on GitHub's instance and list exactly the files of
 * the release that were checked, with the digests they were downloaded with.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { loadInstance } from '../sigstore/instance.js'
import type { ReleaseVerdict } from '../verify/release.js'
import {
  checkReleaseAttestation,
  type ReleaseAttestationCheck
} from '../verify/release-attestation.js'
import { trustFor } from '../verify/trust.js'
import type { GitHubReleaseFiles } from './release-source.js'

export async function releaseAttestationOf(
  files: GitHubReleaseFiles,
  verdict: ReleaseVerdict,
  roots: TrustedRoot[],
  /** Whether the roots came from --trusted-root (else GitHub's is fetched through its TUF). */
  given: boolean,
  serverUrl: string
): Promise<ReleaseAttestationCheck | undefined> {
  const first = verdict.assets[0]
  if (!first) return undefined
  const bundles = await files.releaseAttestations(`sha256:${first.sha256}`)
  if (bundles.length === 0) return undefined
  const all = given
    ? roots
    : [...roots, (await loadInstance({ name: 'github', serverUrl })).trustedRoot]
  const choose = trustFor(all)
  const checked = new Set(verdict.assets.map((a) => a.name))
  return checkReleaseAttestation(bundles, (bundle) => choose(bundle).trust, {
    signed: verdict.assets,
    known: new Set(files.names.filter((n) => !checked.has(n)))
  })
}
