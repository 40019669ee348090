/**
 * Streams every subject once through SHA-256: local files from disk, release assets through the API.
 * GitHub's own `digest` of an asset must agree, or the run fails: what we sign is what users download.
 */
import { UserError } from '../errors.js'
import type { AssetsClient } from '../github/assets.js'
import type { Log } from '../log.js'
import type { Subject } from './subjects.js'
import { formatBytes, formatSeconds } from '../util/format.js'
import { mapLimit } from '../util/pool.js'
import { digestBuffer, digestFile } from '../util/digest.js'

export type HashedSubject = Subject & { sha256: string; size: number }

/** Progress lines for long hashes, every this many bytes. */
const PROGRESS_EVERY = 256 * 1024 * 1024

export async function hashSubjects(
  subjects: Subject[],
  assets: AssetsClient,
  log: Log,
  concurrency: number
): Promise<HashedSubject[]> {
  return mapLimit(subjects, concurrency, async (subject) => {
    const started = Date.now()
    let seen = 0
    let reported = 0
    // A download that broke midway starts again from scratch (AssetsClient.digest), and so does the count.
    const restart = (): void => {
      seen = 0
      reported = 0
    }
    const progress = (n: number): void => {
      seen += n
      if (seen - reported >= PROGRESS_EVERY) {
        reported = seen
        log.info(`  ${subject.name}: ${formatBytes(seen)} hashed`)
      }
    }
    const digested =
      subject.kind === 'file'
        ? await digestFile(subject.path, progress)
        : subject.kind === 'generated'
          ? digestBuffer(subject.content)
          : await assets.digest(subject.asset, progress, restart)
    const known = subject.kind === 'asset' ? subject.asset.digest : subject.existing?.digest
    if (subject.kind === 'asset' && known && known !== digested.sha256) {
      throw new UserError(
        'ASSET_MISMATCH',
        `Asset '${subject.name}' downloaded with SHA-256 ${digested.sha256}, but GitHub reports ${known}`,
        'the asset changed or the download was corrupted: re-run, and re-upload the asset if this persists'
      )
    }
    if (
      subject.kind === 'file' &&
      subject.existing?.state === 'uploaded' &&
      (known ?? (await digestOnRelease(assets, subject.existing))) !== digested.sha256
    ) {
      throw new UserError(
        'ASSET_MISMATCH',
        `The release already has an asset '${subject.name}' with other content than ${subject.path}`,
        'this action never replaces your assets: delete it from the release or rename the file'
      )
    }
    log.info(
      `${subject.name}: sha256 ${digested.sha256} (${formatBytes(digested.size)}, ${formatSeconds(Date.now() - started)})`
    )
    return { ...subject, sha256: digested.sha256, size: digested.size }
  })
}

/**
 * The SHA-256 of an asset GitHub gives no digest for (one uploaded before GitHub computed them),
 * read from the release: whether a local file is already there cannot be judged by name alone.
 */
async function digestOnRelease(
  assets: AssetsClient,
  asset: { id: number; name: string }
): Promise<string> {
  return (await assets.digest(asset)).sha256
}
