/** The GitHub CLI and sha256sum on a signed release. */
import { casesOf, ghEnv, SPACED, type Case } from './case.js'
import { ghVerify } from './commands.js'
import type { SignedRelease } from './release.js'

/** `gh attestation verify` with the provenance as a bundle file and the sandbox's trusted root. */
export function ghAttestation(gh: string, r: SignedRelease, home: string): Case[] {
  return casesOf(
    'gh',
    [
      ['asset with spaces', 'accept', ghVerify(gh, r, SPACED)],
      ['second asset', 'accept', ghVerify(gh, r, 'other.zip')],
      ['flipped byte', 'reject', ghVerify(gh, r, 'tampered.tar.gz')],
      [
        "another asset's bundle",
        'reject',
        ghVerify(gh, r, SPACED, { bundle: 'other.zip.sigstore.json' })
      ],
      [
        'wrong signer workflow',
        'reject',
        ghVerify(gh, r, SPACED, { signer: `${r.signerWorkflow}x` })
      ],
      ['wrong issuer', 'reject', ghVerify(gh, r, SPACED, { issuer: null })],
      ['another repository', 'reject', ghVerify(gh, r, SPACED, { repo: 'someone/else' })],
      ['provenance lacks the file', 'reject', ghVerify(gh, r, 'SHA256SUMS.sigstore.json')]
    ],
    ghEnv(home)
  )
}

/** `sha256sum -c` over the signed checksums file, in the download directory and in a swapped copy. */
export function sha256sum(r: SignedRelease, swappedDir: string): Case[] {
  const tool = 'sha256sum'
  const command = ['sha256sum', '--check', '--strict', 'SHA256SUMS']
  return [
    { tool, name: 'every asset matches', expect: 'accept', command, cwd: r.dir },
    { tool, name: 'an asset swapped', expect: 'reject', command, cwd: swappedDir }
  ]
}
