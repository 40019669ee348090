/** The release's checksums file as a downloader checks it: signed itself, and listing each file. */
import { parseChecksums } from '../checksums.js'
import type { Check } from './release-verdict.js'

export interface ChecksumsRead {
  check: Check
  digests: Map<string, string>
}

/** Reads the file's listing; `signature` is the check of the file's own bundle. */
export function readChecksums(content: Buffer, signature: Check): ChecksumsRead {
  return { check: signature, digests: parseChecksums(content.toString('utf8')) }
}

/** Whether the checksums file (validly signed) lists this file with this digest. */
export function listed(checksums: ChecksumsRead | undefined, name: string, sha256: string): Check {
  if (!checksums) return { status: 'missing', detail: 'no checksums file on the release' }
  if (checksums.check.status !== 'ok')
    return { status: 'failed', detail: 'the checksums file is not validly signed' }
  const listedDigest = checksums.digests.get(name)
  if (!listedDigest) return { status: 'failed', detail: 'not listed in the checksums file' }
  if (listedDigest !== sha256)
    return { status: 'failed', detail: `the checksums file says ${listedDigest}` }
  return { status: 'ok' }
}
