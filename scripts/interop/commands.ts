/**
 * The verification commands several cases share, as a user types them against the release's
 * download directory and trust material; each case changes one argument.
 */
import type { SignedRelease } from './release.js'

export const identityFlags = (identity: string, issuer: string): string[] => [
  '--certificate-identity',
  identity,
  '--certificate-oidc-issuer',
  issuer
]

/** `cosign verify-blob ARTIFACT --bundle SIGNED_AS.sigstore.json --trusted-root …` (cosign v3). */
export function cosignBundle(
  cosign: string,
  r: SignedRelease,
  artifact: string,
  options: { signedAs?: string; identity?: string; issuer?: string } = {}
): string[] {
  return [
    cosign,
    'verify-blob',
    r.file(artifact),
    '--bundle',
    r.file(`${options.signedAs ?? artifact}.sigstore.json`),
    '--trusted-root',
    r.file('trusted_root.json'),
    ...identityFlags(options.identity ?? r.san, options.issuer ?? r.issuer)
  ]
}

/** `cosign verify-blob-attestation ARTIFACT --bundle ATTESTATION --type TYPE --trusted-root …`. */
export function cosignAttestation(
  cosign: string,
  r: SignedRelease,
  artifact: string,
  attestation: string,
  type: string
): string[] {
  return [
    cosign,
    'verify-blob-attestation',
    r.file(artifact),
    '--bundle',
    r.file(attestation),
    '--type',
    type,
    '--trusted-root',
    r.file('trusted_root.json'),
    ...identityFlags(r.san, r.issuer)
  ]
}

/**
 * `gh attestation verify ARTIFACT --bundle … --custom-trusted-root trusted_root.jsonl --repo …
 * --signer-workflow … --cert-oidc-issuer …`; `issuer: null` leaves gh's default, GitHub's issuer.
 */
export function ghVerify(
  gh: string,
  r: SignedRelease,
  artifact: string,
  options: {
    bundle?: string
    repo?: string
    signer?: string
    issuer?: string | null
    predicateType?: string
  } = {}
): string[] {
  return [
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
    ...(options.issuer === null ? [] : ['--cert-oidc-issuer', options.issuer ?? r.issuer]),
    ...(options.predicateType ? ['--predicate-type', options.predicateType] : [])
  ]
}
