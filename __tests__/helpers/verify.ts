/** Independent checks of what landed: @sigstore/verify over the full bytes, as a downloader would. */
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import type { Sandbox } from '../../sandbox/index.js'

export function expectedSan(sandbox: Sandbox): string {
  const c = sandbox.state.context
  const ref = c.reusable
    ? `${c.reusable.repository}/${c.reusable.workflowFile}@${c.reusable.ref}`
    : `${c.repository}/${c.workflowFile}@${c.ref}`
  return `https://github.com/${ref}`
}

export function verifyWithSigstoreJs(
  sandbox: Sandbox,
  bundleJson: string,
  data: Buffer,
  san = expectedSan(sandbox),
  issuer = sandbox.state.oidc.issuer
): void {
  const root = TrustedRoot.fromJSON(
    JSON.parse(readFileSync(sandbox.state.sigstore.trustedRootPath, 'utf8'))
  )
  const verifier = new Verifier(toTrustMaterial(root), {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 2
  })
  const bundle = bundleFromJSON(JSON.parse(bundleJson))
  verifier.verify(toSignedEntity(bundle, data), {
    subjectAlternativeName: new RegExp(`^${san.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    extensions: { issuer }
  })
}

/**
 * Verifies a bundle of the sandbox's GitHub-like instance against its trusted root (Fulcio and TSA,
 * no logs): a signed timestamp is required, and no log entry is expected (the bundle has none).
 */
export function verifyOnGitHubInstance(
  sandbox: Sandbox,
  bundleJson: string,
  data: Buffer,
  san = expectedSan(sandbox),
  issuer = sandbox.state.oidc.issuer
): void {
  const root = TrustedRoot.fromJSON(sandbox.sigstore.githubTrustedRoot())
  const verifier = new Verifier(toTrustMaterial(root), {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 1
  })
  const bundle = bundleFromJSON(JSON.parse(bundleJson))
  if ((bundle.verificationMaterial.tlogEntries ?? []).length > 0)
    throw new Error('a bundle of the GitHub-like instance has a log entry')
  verifier.verify(toSignedEntity(bundle, data), {
    subjectAlternativeName: new RegExp(`^${san.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    extensions: { issuer }
  })
}

/** The .sig verifies over the bytes with the key of the .pem, as cosign v2 checks it. */
export function verifySigPem(sig: Buffer, pem: Buffer, data: Buffer): { san: string } {
  const cert = new X509Certificate(pem)
  const ok = nodeVerify(
    'sha256',
    data,
    createPublicKey(cert.publicKey.export({ format: 'pem', type: 'spki' })),
    Buffer.from(sig.toString(), 'base64')
  )
  if (!ok) throw new Error('the .sig does not verify with the .pem')
  return { san: (cert.subjectAltName ?? '').replace(/^URI:/, '') }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Summary text with the commands' line continuations (raw or HTML-escaped) joined back. */
export function unwrapped(text: string): string {
  return text.replace(/ (?:\\|&#92;)\n\s+/g, ' ')
}
