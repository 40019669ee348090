/** cosign v3 (bundles) and v2 (.sig/.pem found in Rekor, and bundles when asked) on a signed release. */
import { casesOf, SPACED, signatureChecks, workflowClaims, type Case } from './case.js'
import { cosignAttestation, cosignBundle, identityFlags } from './commands.js'
import type { SignedRelease } from './release.js'

export function cosignV3(cosign: string, r: SignedRelease): Case[] {
  const claims = (repository: string): string[] => [
    ...cosignBundle(cosign, r, 'other.zip'),
    ...workflowClaims(r, repository)
  ]
  const attestation = (artifact: string): string[] =>
    cosignAttestation(cosign, r, artifact, 'multiple.intoto.jsonl', 'slsaprovenance1')
  return casesOf('cosign v3', [
    ...signatureChecks(r).map((c): [string, Case['expect'], string[]] => [
      c.name,
      c.expect,
      cosignBundle(cosign, r, c.artifact, c)
    ]),
    ['GitHub workflow claims', 'accept', claims(r.context.repository)],
    ['another repository', 'reject', claims('someone/else')],
    ['provenance covers the asset', 'accept', attestation(SPACED)],
    ['provenance lacks the file', 'reject', attestation('tampered.tar.gz')]
  ])
}

/**
 * cosign v2 with the detached `.sig` and `.pem`: it finds the entry in the sandbox's Rekor by the
 * signature and checks it with the keys named by SIGSTORE_* (its way to trust a private instance).
 * Given `--new-bundle-format`, it reads bundles like v3, and then takes a trusted root.
 */
export function cosignV2(cosign: string, r: SignedRelease): Case[] {
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
    ...identityFlags(identity, issuer)
  ]
  const claims = (repository: string): string[] => [
    ...verify('other.zip', 'other.zip', r.san, r.issuer),
    ...workflowClaims(r, repository)
  ]
  const newFormat = (command: string[]): string[] => [...command, '--new-bundle-format']
  const attestation = (artifact: string): string[] =>
    newFormat(cosignAttestation(cosign, r, artifact, 'multiple.intoto.jsonl', 'slsaprovenance1'))
  return [
    ...casesOf(
      'cosign v2',
      [
        ...signatureChecks(r).map((c): [string, Case['expect'], string[]] => [
          c.name,
          c.expect,
          verify(c.artifact, c.signedAs, c.identity, c.issuer)
        ]),
        ['GitHub workflow claims', 'accept', claims(r.context.repository)],
        ['another repository', 'reject', claims('someone/else')]
      ],
      env
    ),
    ...casesOf('cosign v2', [
      [
        'bundle with --new-bundle-format',
        'accept',
        newFormat(cosignBundle(cosign, r, 'other.zip'))
      ],
      ['provenance covers the asset', 'accept', attestation(SPACED)],
      ['provenance lacks the file', 'reject', attestation('tampered.tar.gz')]
    ])
  ]
}
