/** What verifying a release finds: a check per file and per release-level file, and the verdict. */

export type CheckStatus = 'ok' | 'failed' | 'missing'

export interface Check {
  status: CheckStatus
  detail?: string
}

export interface AssetVerdict {
  name: string
  sha256: string
  signature: Check
  provenance: Check
  checksums: Check
  authorization: Check
  ok: boolean
}

export interface ReleaseVerdict {
  assets: AssetVerdict[]
  /** The release-level files found and whether they verify themselves. */
  provenanceFile?: { name: string } & Check
  checksumsFile?: { name: string } & Check
  authorizationFile?: { name: string } & Check
  ok: boolean
}

/** A file passes unless a check failed; only its signature must be there. */
export function assetOk(checks: Omit<AssetVerdict, 'name' | 'sha256' | 'ok'>): boolean {
  return (
    checks.signature.status === 'ok' &&
    checks.provenance.status !== 'failed' &&
    checks.checksums.status !== 'failed' &&
    checks.authorization.status !== 'failed'
  )
}

/** The release passes when it has files, each passes, and no release-level file failed. */
export function releaseOk(verdict: Omit<ReleaseVerdict, 'ok'>): boolean {
  return (
    verdict.assets.length > 0 &&
    verdict.assets.every((a) => a.ok) &&
    verdict.provenanceFile?.status !== 'failed' &&
    verdict.checksumsFile?.status !== 'failed' &&
    verdict.authorizationFile?.status !== 'failed'
  )
}
