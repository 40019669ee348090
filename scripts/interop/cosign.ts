/** cosign v3 (bundles) and v2 (.sig/.pem found in Rekor, and bundles when asked) on a signed release. */
import { GITHUB_ISSUER, SPACED, signatureChecks, workflowClaims, type Case } from './case.js'
import type { SignedRelease } from './release.js'

export function cosignV3(cosign: string, r: SignedRelease): Case[] {
  const tool = 'cosign v3'
  const trust = ['--trusted-root', r.file('trusted_root.json')]
  const verify = (
    artifact: string,
    signedAs: string,
    identity: string,
    issuer: string
  ): string[] => [
    cosign,
    'verify-blob',
    r.file(artifact),
    '--bundle',
    r.file(`${signedAs}.sigstore.json`),
    ...trust,
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    issuer
  ]
  const attestation = (artifact: string): string[] => [
    cosign,
    'verify-blob-attestation',
    r.file(artifact),
    '--bundle',
    r.file('multiple.intoto.jsonl'),
    '--type',
    'slsaprovenance1',
    ...trust,
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer
  ]
  const claims = (repository: string): string[] => [
    ...verify('other.zip', 'other.zip', r.san, r.issuer),
    ...workflowClaims(r, repository)
  ]
  return [
    ...signatureChecks(r, GITHUB_ISSUER).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      command: verify(c.artifact, c.signedAs, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'GitHub workflow claims',
      expect: 'accept',
      command: claims(r.context.repository)
    },
    { tool, name: 'another repository', expect: 'reject', command: claims('someone/else') },
    { tool, name: 'provenance covers the asset', expect: 'accept', command: attestation(SPACED) },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: attestation('tampered.tar.gz')
    }
  ]
}

/**
 * cosign v2 with the detached `.sig` and `.pem`: it finds the entry in the sandbox's Rekor by the
 * signature and checks it with the keys named by SIGSTORE_* (its way to trust a private instance).
 */
export function cosignV2(cosign: string, r: SignedRelease): Case[] {
  const tool = 'cosign v2'
  const env = {
    SIGSTORE_ROOT_FILE: r.file('fulcio_chain.pem'),
    SIGSTORE_REKOR_PUBLIC_KEY: r.file('rekor.pub'),
    SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: r.file('ctfe.pub')
  }
  const verify = (
    artifact: string,
    signedAs: string,
    identity: string,
    issuer: string
  ): string[] => [
    cosign,
    'verify-blob',
    r.file(artifact),
    '--signature',
    r.file(`${signedAs}.sig`),
    '--certificate',
    r.file(`${signedAs}.pem`),
    '--rekor-url',
    r.sandbox.state.sigstore.rekorUrl,
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    issuer
  ]
  const claims = (repository: string): string[] => [
    ...verify('other.zip', 'other.zip', r.san, r.issuer),
    ...workflowClaims(r, repository)
  ]
  const newFormat = (command: string, artifact: string, bundle: string): string[] => [
    cosign,
    command,
    r.file(artifact),
    '--bundle',
    r.file(bundle),
    '--new-bundle-format',
    '--trusted-root',
    r.file('trusted_root.json')
  ]
  const attestation = (artifact: string): string[] => [
    ...newFormat('verify-blob-attestation', artifact, 'multiple.intoto.jsonl'),
    '--type',
    'slsaprovenance1',
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer
  ]
  return [
    ...signatureChecks(r, GITHUB_ISSUER).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      env,
      command: verify(c.artifact, c.signedAs, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'GitHub workflow claims',
      expect: 'accept',
      env,
      command: claims(r.context.repository)
    },
    { tool, name: 'another repository', expect: 'reject', env, command: claims('someone/else') },
    // The bundle format, which cosign v2 reads when asked to (and then takes a trusted root).
    {
      tool,
      name: 'bundle with --new-bundle-format',
      expect: 'accept',
      command: [
        ...newFormat('verify-blob', 'other.zip', 'other.zip.sigstore.json'),
        '--certificate-identity',
        r.san,
        '--certificate-oidc-issuer',
        r.issuer
      ]
    },
    {
      tool,
      name: 'provenance covers the asset',
      expect: 'accept',
      command: attestation(SPACED)
    },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: attestation('tampered.tar.gz')
    }
  ]
}
