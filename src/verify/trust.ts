/**
 * Trust material for verifying: a trusted_root.json (or JSON Lines of roots) from a file, or the production root that
 * @sigstore/tuf ships (its TUF seed), checked for what @sigstore/verify lets pass.
 */
import { createPublicKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
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
 * public-good and GitHub's), merged into one root that trusts every authority and log they list.
 */
export async function readTrustedRoot(path: string): Promise<TrustedRoot> {
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
  const [first, ...rest] = roots.map(parseTrustedRoot)
  if (!first) throw new Error('no trusted root in the file')
  return rest.reduce<TrustedRoot>(
    (merged, root) => ({
      ...merged,
      tlogs: [...merged.tlogs, ...root.tlogs],
      certificateAuthorities: [...merged.certificateAuthorities, ...root.certificateAuthorities],
      ctlogs: [...merged.ctlogs, ...root.ctlogs],
      timestampAuthorities: [...merged.timestampAuthorities, ...root.timestampAuthorities]
    }),
    first
  )
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
