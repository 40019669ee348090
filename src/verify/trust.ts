/**
 * Trust material for verifying: a trusted_root.json (or JSON Lines of roots, kept apart) from a file, or the production root that
 * @sigstore/tuf ships (its TUF seed), checked for what @sigstore/verify lets pass.
 */
import { createPublicKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Bundle } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify'
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' }

/**
 * A transparency log or CT log key without a start of validity is unusable: @sigstore/verify would
 * treat it as valid since the beginning of time. Such keys are dropped, so nothing verifies
 * against them (the conformance case trust-root-tlog-missing-validity-start_fail).
 */
export function withoutOpenEndedKeys(root: TrustedRoot): TrustedRoot {
  const hasStart = (log: TrustedRoot['tlogs'][number]): boolean =>
    log.publicKey?.validFor?.start !== undefined
  return { ...root, tlogs: root.tlogs.filter(hasStart), ctlogs: root.ctlogs.filter(hasStart) }
}

export function parseTrustedRoot(json: unknown): TrustedRoot {
  return withoutOpenEndedKeys(TrustedRoot.fromJSON(json))
}

/**
 * A trusted_root.json, or JSON Lines of several roots (what `gh attestation trusted-root` prints:
 * public-good's and GitHub's). The roots stay apart: each instance's rules (a CT log, a
 * transparency log) apply only to the certificates its own authority issued (see `trustFor`).
 */
export async function readTrustedRoots(path: string): Promise<TrustedRoot[]> {
  const text = await readFile(path, 'utf8')
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  let roots: unknown[]
  try {
    roots = [JSON.parse(text)]
  } catch (error) {
    if (lines.length < 2) throw error
    roots = lines.map((line, i) => {
      try {
        return JSON.parse(line) as unknown
      } catch (lineError) {
        throw new Error(`line ${i + 1}: ${String(lineError)}`)
      }
    })
  }
  if (roots.length === 0) throw new Error('no trusted root in the file')
  return roots.map(parseTrustedRoot)
}

/** What one bundle is verified against: its instance's trust material and whether it has a log. */
export interface TrustChoice {
  trust: TrustMaterial
  requireTlog: boolean
}

export type TrustFor = (bundle: Bundle) => TrustChoice

/**
 * Chooses, per bundle, the root whose certificate authority issued the bundle's certificate (the
 * first root when none did, or the bundle carries a key, so that verification says why it fails).
 * An instance without a transparency log (GitHub's) vouches by timestamps alone.
 */
export function trustFor(roots: TrustedRoot[], keyPem?: string): TrustFor {
  const first = roots[0]
  if (!first) throw new Error('no trusted root')
  const choices = new Map<TrustedRoot, TrustChoice>()
  const choice = (root: TrustedRoot): TrustChoice => {
    let found = choices.get(root)
    if (!found) {
      found = { trust: trustWithKey(root, keyPem), requireTlog: root.tlogs.length > 0 }
      choices.set(root, found)
    }
    return found
  }
  return (bundle) => {
    const leaf = leafOf(bundle)
    const issuer = leaf && roots.find((root) => issuedBy(root, leaf))
    return choice(issuer ?? first)
  }
}

function leafOf(bundle: Bundle): X509Certificate | undefined {
  const content = bundle.verificationMaterial.content
  const raw =
    content.$case === 'x509CertificateChain'
      ? content.x509CertificateChain.certificates[0]?.rawBytes
      : content.$case === 'certificate'
        ? content.certificate.rawBytes
        : undefined
  return raw ? X509Certificate.parse(Buffer.from(raw)) : undefined
}

function issuedBy(root: TrustedRoot, leaf: X509Certificate): boolean {
  return root.certificateAuthorities.some((ca) => {
    const raw = ca.certChain?.certificates[0]?.rawBytes
    if (!raw) return false
    try {
      return leaf.verify(X509Certificate.parse(Buffer.from(raw)))
    } catch {
      return false
    }
  })
}

/** The public-good production trusted root embedded in @sigstore/tuf's seed (no network). */
export function productionTrustedRoot(): TrustedRoot {
  const seed = (seeds as Record<string, { targets: Record<string, string> }>)[
    'https://tuf-repo-cdn.sigstore.dev'
  ]?.targets['trusted_root.json']
  if (!seed) throw new Error('@sigstore/tuf ships no production trusted root')
  return parseTrustedRoot(JSON.parse(Buffer.from(seed, 'base64').toString('utf8')))
}

/** Trust material that also trusts one managed public key (PEM) for key-signed bundles. */
export function trustWithKey(root: TrustedRoot, keyPem?: string): TrustMaterial {
  if (!keyPem) return toTrustMaterial(root)
  const publicKey = createPublicKey(keyPem)
  return toTrustMaterial(root, () => ({ publicKey, validFor: () => true }))
}
