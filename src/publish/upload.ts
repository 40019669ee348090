/**
 * Writing to the release without ever losing or altering a user's asset, and so that a failure at
 * any point leaves a state a re-run can finish. A subject's files are written together in two
 * phases: first every new file goes up (under a temporary name where it replaces a stale one of
 * ours), proofs first (bundle, certificate, then `.sig`); then each stale file is deleted and the
 * temporary upload renamed, proofs last. Every `.sig` on the release, old or new, final or temporary,
 * thus always has the certificate that proves it ours beside it (src/plan/ownership.ts).
 *
 * A request that failed midway (a dropped connection, a timeout, GitHub giving up) may still have
 * landed: the release is read back before the next try, and a file with our bytes counts as done.
 */
import { UserError } from '../errors.js'
import { isUnavailable } from '../github/errors.js'
import type { Asset, AssetsClient, UploadBody } from '../github/assets.js'
import type { Release } from '../github/releases.js'
import { tempName } from '../names.js'
import { digestBuffer } from '../util/digest.js'
import { quote } from '../util/format.js'
import { withRetries } from '../util/retry.js'

export interface UploadRequest {
  name: string
  body: UploadBody
  contentType: string
  /** Our stale file of the same name, to replace. */
  replace?: Asset
  /** A leftover temporary upload of an earlier run (judged ours by the plan). */
  staleTemp?: Asset
  /** Hex SHA-256 of the body; computed for a buffer when absent. */
  sha256?: string
}

/** Tries of one request (each a single request: GitHub's own retries would not look first). */
const ATTEMPTS = 5

/** Writes one file: see putFiles. */
export async function putFile(
  assets: AssetsClient,
  release: Release,
  request: UploadRequest
): Promise<Asset> {
  const [asset] = await putFiles(assets, release, [request])
  return asset as Asset
}

/**
 * Writes files that belong together, in the order given (proofs first), in the two phases above.
 * Returns the assets as they end up on the release, in the same order.
 */
export async function putFiles(
  assets: AssetsClient,
  release: Release,
  requests: UploadRequest[]
): Promise<Asset[]> {
  const io = new ReleaseWrites(assets, release)
  const staged: { request: UploadRequest; asset: Asset; swap: boolean }[] = []
  for (const request of requests) {
    if (request.staleTemp) await io.remove(request.staleTemp)
    const { replace } = request
    if (replace?.state === 'uploaded') {
      staged.push({ request, asset: await io.upload(tempName(request.name), request), swap: true })
      continue
    }
    // A broken upload (state 'starter') holds the name but no content anyone could lose.
    if (replace) await io.remove(replace)
    staged.push({ request, asset: await io.upload(request.name, request), swap: false })
  }
  for (const entry of [...staged].reverse()) {
    if (!entry.swap || !entry.request.replace) continue
    await io.remove(entry.request.replace)
    entry.asset = await io.rename(entry.asset, entry.request.name, sha256Of(entry.request))
  }
  return staged.map((entry) => entry.asset)
}

function sha256Of(request: UploadRequest): string {
  return (
    request.sha256 ?? ('buffer' in request.body ? digestBuffer(request.body.buffer).sha256 : '')
  )
}

/** Single release writes with bounded retries that look at the release before trying again. */
class ReleaseWrites {
  constructor(
    private readonly assets: AssetsClient,
    private readonly release: Release
  ) {}

  /** Uploads under `name`; a file of ours already there with these bytes counts as done. */
  upload(name: string, request: UploadRequest): Promise<Asset> {
    const sha256 = sha256Of(request)
    return this.retrying(
      () => this.assets.upload(this.release, name, request.body, request.contentType),
      async (assets, error) => {
        const left = assets.find((a) => a.name === name)
        if (!left) return undefined
        if (left.state === 'uploaded' && sha256 && left.digest === sha256) return left
        if (left.state === 'uploaded' && left.id !== request.replace?.id) {
          // Neither ours nor the file being replaced: a re-run judges it; this run leaves it alone.
          throw new UserError(
            'FOREIGN_FILE',
            `Another file named ${quote(name)} appeared on the release while this run was uploading it`,
            're-run the job: it keeps the file if it is a valid one of ours, and never replaces a file of yours',
            { cause: error }
          )
        }
        // A broken upload of ours (state 'starter') in the way of the next try.
        await this.assets.delete(left.id)
        return undefined
      }
    )
  }

  /** Deletes an asset of ours; one already gone counts as done. */
  async remove(asset: Asset): Promise<void> {
    await this.retrying(
      async () => {
        await this.assets.delete(asset.id)
        return asset
      },
      (assets) => Promise.resolve(assets.some((a) => a.id === asset.id) ? undefined : asset)
    )
  }

  /** Renames our temporary upload; the final name already holding our bytes counts as done. */
  rename(asset: Asset, name: string, sha256: string): Promise<Asset> {
    return this.retrying(
      () => this.assets.rename(asset.id, name),
      (assets) =>
        Promise.resolve(
          assets.find((a) => a.name === name && (a.id === asset.id || a.digest === sha256))
        )
    )
  }

  /**
   * Runs `write`; when GitHub was unavailable, reads the release back and lets `landed` say
   * whether the write took effect after all (an asset) or should be tried again (undefined).
   */
  private retrying(
    write: () => Promise<Asset>,
    landed: (assets: Asset[], error: unknown) => Promise<Asset | undefined>
  ): Promise<Asset> {
    return withRetries(
      async () => {
        try {
          return await write()
        } catch (error) {
          if (!isUnavailable(error)) throw error
          const done = await landed(await this.assets.list(this.release.id), error)
          if (done) return done
          throw error
        }
      },
      { attempts: ATTEMPTS, retryable: isUnavailable }
    )
  }
}
