/**
 * The uploads of a run, started while signing is still going on: a subject's sidecars go up as soon
 * as its bundle has verified, so that a run with more writes than GitHub allows a minute starts
 * spending its budget at once instead of after the last signature. Local files (`files:`) go up
 * first, each before its own sidecars; the checksums file and the statements once signing is done.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from '../errors.js'
import type { AssetsClient } from '../github/assets.js'
import type { GitHubRepo } from '../github/index.js'
import type { Release } from '../github/releases.js'
import type { Log } from '../log.js'
import { SIDECAR_CONTENT_TYPE } from '../names.js'
import type { Plan } from '../plan/index.js'
import type { PlannedSidecar, SubjectPlan } from '../plan/reconcile.js'
import type { ReleaseFilePlan } from '../plan/release-files.js'
import { signedSubjects } from '../plan/signed-subjects.js'
import type { Signed } from '../sign/index.js'
import { sidecarContent } from '../sidecars.js'
import { quote } from '../util/format.js'
import { TaskPool } from '../util/pool.js'
import { putFile, putFiles } from './upload.js'

/**
 * Sidecar uploads are round trips more than bandwidth, so as many go at once as signatures are
 * made (well under GitHub's 100 concurrent requests); the pacer keeps them within its windows.
 * With 10, a paced run's first window of writes left late and every later window inherited it.
 */
const UPLOAD_CONCURRENCY = 32

/** Proofs first: the bundle and certificate go up before the `.sig` they vouch for. */
const WRITE_ORDER: Record<PlannedSidecar['kind'], number> = { bundle: 0, pem: 1, sig: 2 }

interface Write {
  plan: ReleaseFilePlan | PlannedSidecar
  body: () => Buffer
  contentType: string
}

export interface UploadsInput {
  github: GitHubRepo
  plan: Plan
  log: Log
}

export interface ReleaseUploads {
  /**
   * Queues the sidecars of a subject whose new bundle has verified. Throws an upload's failure, so
   * that signing stops as soon as a write has given up.
   */
  signed(name: string, bundle: SerializedBundle): void
  /** Once everything is signed and verified: the rest, then waits for every upload. */
  finish(signed: Signed): Promise<void>
  /** When signing failed: waits for the uploads already running (queued ones never start). */
  abandon(): Promise<void>
}

export function startUploads(input: UploadsInput): ReleaseUploads {
  const { github, plan, log } = input
  const release = plan.release
  const pool = new TaskPool(UPLOAD_CONCURRENCY)
  const subjects = new Map(signedSubjects(plan).map((p) => [p.subject.name, p]))
  /** Local files by subject name, each resolving once it is on the release. */
  let localFiles: Map<string, Promise<void>> | undefined
  let count = 0

  // The first write waits for the first verified bundle: everything before it (the certificate
  // check above all) still refuses a run with nothing written.
  const begin = (): Map<string, Promise<void>> => {
    if (localFiles) return localFiles
    localFiles = new Map()
    for (const s of plan.subjects.map((p) => p.subject)) {
      if (s.kind !== 'file' || s.existing?.state === 'uploaded') continue
      localFiles.set(
        s.name,
        pool.add(() => uploadLocalFile(github.assets, release, s, log))
      )
    }
    for (const p of signedSubjects(plan)) if (p.reuse) queueSidecars(p, p.reuse)
    return localFiles
  }

  const queue = (chain: Write[], after?: Promise<void>): void => {
    const pending = chain.filter((w) => w.plan.action !== 'keep')
    if (pending.length === 0) return
    count += pending.length
    void pool.add(async () => {
      await after
      await putFiles(
        github.assets,
        release,
        pending.map((w) => ({
          name: w.plan.name,
          body: { buffer: w.body() },
          contentType: w.contentType,
          replace: w.plan.existing,
          staleTemp: w.plan.staleTemp
        }))
      )
      for (const w of pending)
        log.info(`${w.plan.action === 'replace' ? 'Replaced' : 'Uploaded'} ${w.plan.name}`)
    })
  }

  const queueSidecars = (p: SubjectPlan, bundle: SerializedBundle): void => {
    const sidecars = [...p.sidecars].sort((a, b) => WRITE_ORDER[a.kind] - WRITE_ORDER[b.kind])
    queue(
      sidecars.map((sidecar) => ({
        plan: sidecar,
        body: () => sidecarContent(bundle, sidecar.kind),
        contentType: SIDECAR_CONTENT_TYPE[sidecar.kind]
      })),
      localFiles?.get(p.subject.name)
    )
  }

  return {
    signed(name, bundle) {
      pool.throwIfFailed()
      begin()
      const p = subjects.get(name)
      if (!p) throw new Error(`'${name}' is not a subject of this run`)
      queueSidecars(p, bundle)
    },
    async finish(signed) {
      begin()
      if (plan.checksums) {
        const content = plan.checksums.content
        queue([{ plan: plan.checksums.file, body: () => content, contentType: 'text/plain' }])
      }
      for (const st of plan.statements) {
        const fresh = signed.statements.find((s) => s.name === st.file.name)
        if (!fresh) continue
        const body = (): Buffer => Buffer.from(JSON.stringify(fresh.bundle) + '\n')
        queue([{ plan: st.file, body, contentType: 'application/jsonl' }])
      }
      await pool.drain()
      if (count === 0) log.info('Everything was already on the release and valid')
      else log.info(`Uploaded ${count} file${count === 1 ? '' : 's'}`)
    },
    async abandon() {
      await pool.drain().catch(() => undefined)
    }
  }
}

async function uploadLocalFile(
  assets: AssetsClient,
  release: Release,
  s: SubjectPlan['subject'],
  log: Log
): Promise<void> {
  if (s.kind !== 'file') return
  const asset = await putFile(assets, release, {
    name: s.name,
    body: { path: s.path, size: s.size },
    contentType: 'application/octet-stream',
    replace: s.existing,
    sha256: s.sha256
  })
  if (asset.name !== s.name || (asset.digest && asset.digest !== s.sha256)) {
    throw new UserError(
      'ASSET_MISMATCH',
      `GitHub stored ${s.path} as '${asset.name}' (SHA-256 ${asset.digest ?? 'unknown'}), not as '${s.name}' (${s.sha256})`,
      'rename the file to a plain name (letters, digits, . _ - +) and re-run'
    )
  }
  log.info(`Uploaded ${quote(s.path)} as ${asset.name}`)
}
