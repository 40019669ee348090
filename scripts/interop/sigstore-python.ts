/** sigstore-python's `verify identity` and `verify github` on a signed release. */
import { SPACED, signatureChecks, type Case } from './case.js'
import type { SignedRelease } from './release.js'

export function sigstorePythonIdentity(python: string, r: SignedRelease): Case[] {
  const tool = 'sigstore-python'
  const verify = (artifact: string, bundle: string, identity: string, issuer: string): string[] => [
    python,
    '-m',
    'sigstore',
    '--trust-config',
    r.file('trust_config.json'),
    'verify',
    'identity',
    '--offline',
    '--bundle',
    r.file(bundle),
    '--cert-identity',
    identity,
    '--cert-oidc-issuer',
    issuer,
    r.file(artifact)
  ]
  return [
    ...signatureChecks(r).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      command: verify(c.artifact, `${c.signedAs}.sigstore.json`, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'provenance covers the asset',
      expect: 'accept',
      command: verify(SPACED, 'multiple.intoto.jsonl', r.san, r.issuer)
    },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: verify('tampered.tar.gz', 'multiple.intoto.jsonl', r.san, r.issuer)
    }
  ]
}

/**
 * sigstore-python's `verify github`, which insists on GitHub's issuer: `r` is a release signed with
 * tokens naming it; `foreign` one signed under another issuer (the wrong-issuer case).
 */
export function sigstorePythonGitHub(
  python: string,
  r: SignedRelease,
  foreign: SignedRelease
): Case[] {
  const tool = 'sigstore-python github'
  const c = r.context
  const verify = (
    release: SignedRelease,
    artifact: string,
    signedAs: string,
    claims: Partial<Record<'repository' | 'ref' | 'sha' | 'trigger' | 'name' | 'identity', string>>
  ): string[] => {
    const all = {
      identity: release.san,
      repository: c.repository,
      ref: c.ref,
      sha: c.sha,
      trigger: c.eventName,
      name: c.workflowName,
      ...claims
    }
    return [
      python,
      '-m',
      'sigstore',
      '--trust-config',
      release.file('trust_config.json'),
      'verify',
      'github',
      '--offline',
      '--bundle',
      release.file(`${signedAs}.sigstore.json`),
      '--cert-identity',
      all.identity,
      '--repository',
      all.repository,
      '--ref',
      all.ref,
      '--sha',
      all.sha,
      '--trigger',
      all.trigger,
      '--name',
      all.name,
      release.file(artifact)
    ]
  }
  const cases: [string, Case['expect'], string[]][] = [
    ['every workflow claim', 'accept', verify(r, SPACED, SPACED, {})],
    ['checksums file', 'accept', verify(r, 'SHA256SUMS', 'SHA256SUMS', {})],
    ['flipped byte', 'reject', verify(r, 'tampered.tar.gz', SPACED, {})],
    ["another asset's signature", 'reject', verify(r, SPACED, 'other.zip', {})],
    ['wrong identity', 'reject', verify(r, SPACED, SPACED, { identity: `${r.san}x` })],
    ['wrong issuer', 'reject', verify(foreign, SPACED, SPACED, {})],
    ['another repository', 'reject', verify(r, SPACED, SPACED, { repository: 'someone/else' })],
    ['another commit', 'reject', verify(r, SPACED, SPACED, { sha: 'f'.repeat(40) })],
    ['another trigger', 'reject', verify(r, SPACED, SPACED, { trigger: 'pull_request_target' })],
    ['another ref', 'reject', verify(r, SPACED, SPACED, { ref: 'refs/heads/evil' })],
    ['another workflow name', 'reject', verify(r, SPACED, SPACED, { name: 'Other' })]
  ]
  return cases.map(([name, expect, command]) => ({ tool, name, expect, command }))
}
