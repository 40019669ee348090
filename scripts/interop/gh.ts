/** The GitHub CLI and sha256sum on a signed release. */
import { ghEnv, SPACED, type Case } from './case.js'
import type { SignedRelease } from './release.js'

/** `gh attestation verify` with the provenance as a bundle file and the sandbox's trusted root. */
export function ghAttestation(gh: string, r: SignedRelease, home: string): Case[] {
  const tool = 'gh'
  const env = ghEnv(home)
  const verify = (
    artifact: string,
    options: { bundle?: string; repo?: string; signer?: string; issuer?: string | null } = {}
  ): string[] => [
    gh,
    'attestation',
    'verify',
    r.file(artifact),
    '--bundle',
    r.file(options.bundle ?? 'multiple.intoto.jsonl'),
    '--custom-trusted-root',
    r.file('trusted_root.jsonl'),
    '--repo',
    options.repo ?? r.context.repository,
    '--signer-workflow',
    options.signer ?? r.signerWorkflow,
    // null: leave gh's default, GitHub's issuer
    ...(options.issuer === null ? [] : ['--cert-oidc-issuer', options.issuer ?? r.issuer])
  ]
  const cases: [string, Case['expect'], string[]][] = [
    ['asset with spaces', 'accept', verify(SPACED)],
    ['second asset', 'accept', verify('other.zip')],
    ['flipped byte', 'reject', verify('tampered.tar.gz')],
    ["another asset's bundle", 'reject', verify(SPACED, { bundle: 'other.zip.sigstore.json' })],
    ['wrong signer workflow', 'reject', verify(SPACED, { signer: `${r.signerWorkflow}x` })],
    ['wrong issuer', 'reject', verify(SPACED, { issuer: null })],
    ['another repository', 'reject', verify(SPACED, { repo: 'someone/else' })],
    ['provenance lacks the file', 'reject', verify('SHA256SUMS.sigstore.json')]
  ]
  return cases.map(([name, expect, command]) => ({ tool, name, expect, command, env }))
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
