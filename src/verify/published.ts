/**
 * After publishing: what a downloader gets. Every signed file is fetched again through its public
 * URL, without a token, as a user would, and verified against its bundle (also fetched publicly
 * when it is on the release); on an immutable release, GitHub's own release attestation must
 * verify and list exactly the signed files. The release is public by now, so a failure is
 * reported, not undone.
 */
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustMaterial } from '@sigstore/verify'
import { UserError, messageOf } from '../errors.js'
import type { Asset } from '../github/assets.js'
import type { GitHubRepo } from '../github/index.js'
import { openStorageUrl } from '../github/storage.js'
import { RELEASE_ATTESTATION_TYPE } from '../intoto.js'
import type { Readable } from 'node:stream'
import type { Log } from '../log.js'
import { SIDECAR_SUFFIX } from '../names.js'
import { digestStream } from '../util/digest.js'
import { quote } from '../util/format.js'
import { readAll } from '../util/stream.js'
import { withRetries } from '../util/retry.js'
import { checkReleaseAttestation } from './release-attestation.js'
import type { SelfVerifier } from './self.js'

export interface PublishedInput {
  github: Pick<GitHubRepo, 'releases' | 'assets' | 'attestations'>
  releaseId: number
  /** Every signed file, with the digest signed and the bundle made for it. */
  signed: readonly { name: string; sha256: string; bundle: SerializedBundle }[]
  /**
   * Whether anyone may download the release (a public repository): then through the public URLs,
   * without a token; otherwise as a reader with access does, through the API.
   */
  publicDownloads: boolean
  /** Every other file the run knew of: on the release before it, or written by it. */
  known: ReadonlySet<string>
  verifier: SelfVerifier
  /** The trust material of GitHub's instance, which signs release attestations. */
  githubTrust: () => Promise<TrustMaterial>
  log: Log
}

export type ReleaseAttestationStatus = 'verified' | 'failed' | 'unavailable' | 'not-immutable'

export interface AfterPublish {
  downloads: { verified: number; problems: string[] }
  releaseAttestation: { status: ReleaseAttestationStatus; detail?: string }
  ok: boolean
}

const BUNDLE_LIMIT = 16 * 1024 * 1024

export async function checkPublished(input: PublishedInput): Promise<AfterPublish> {
  const { github, log } = input
  const release = await github.releases.get(input.releaseId)
  const assets = new Map((await github.assets.list(release.id)).map((a) => [a.name, a]))
  const problems: string[] = []
  let verified = 0
  for (const file of input.signed) {
    try {
      // A download is a GET: a passing failure is tried again before it counts as a problem.
      await withRetries(() => checkDownload(file, assets, input.verifier, opener(input)), {
        attempts: 3
      })
      verified++
    } catch (error) {
      problems.push(`${quote(file.name)}: ${messageOf(error)}`)
    }
  }
  log.info(
    problems.length === 0
      ? `Downloaded ${verified} signed file${verified === 1 ? '' : 's'} through the public URLs, without a token: each verifies against its bundle`
      : `Downloads that do not verify: ${problems.join('; ')}`
  )
  const releaseAttestation = release.immutable
    ? await readReleaseAttestation(input)
    : { status: 'not-immutable' as const }
  if (releaseAttestation.status === 'verified')
    log.info("GitHub's release attestation verifies and lists exactly the signed files")
  const ok = problems.length === 0 && releaseAttestation.status !== 'failed'
  return { downloads: { verified, problems }, releaseAttestation, ok }
}

type Opener = (asset: Asset) => Promise<Readable>

/** Public URLs without a token, or the API for a repository only readers with access can read. */
function opener(input: PublishedInput): Opener {
  if (!input.publicDownloads) return (asset) => input.github.assets.open(asset)
  return async (asset) => {
    if (!asset.downloadUrl) throw new Error('it has no public download URL')
    return openStorageUrl(asset.downloadUrl)
  }
}

async function checkDownload(
  file: PublishedInput['signed'][number],
  assets: Map<string, Asset>,
  verifier: SelfVerifier,
  open: Opener
): Promise<void> {
  const asset = assets.get(file.name)
  if (!asset) throw new Error('not on the release')
  const { sha256 } = await digestStream(await open(asset))
  if (sha256 !== file.sha256)
    throw new Error(`downloads as sha256 ${sha256}, signed ${file.sha256}`)
  const sidecar = assets.get(file.name + SIDECAR_SUFFIX.bundle)
  const bundle = sidecar
    ? (JSON.parse(
        (await readAll(await open(sidecar), BUNDLE_LIMIT)).toString('utf8')
      ) as SerializedBundle)
    : file.bundle
  verifier.verify(file.name, bundle, sha256)
}

async function readReleaseAttestation(
  input: PublishedInput
): Promise<AfterPublish['releaseAttestation']> {
  const first = input.signed[0]
  if (!first) return { status: 'failed', detail: 'nothing was signed' }
  const bundles = await input.github.attestations.list(
    `sha256:${first.sha256}`,
    RELEASE_ATTESTATION_TYPE
  )
  if (!bundles) {
    input.log.warning(
      "GitHub's release attestation could not be read: the attestations API is not available for this repository"
    )
    return { status: 'unavailable', detail: 'the attestations API is not available' }
  }
  let trust: TrustMaterial
  try {
    trust = await input.githubTrust()
  } catch (error) {
    return {
      status: 'failed',
      detail: `GitHub's trusted root, which it is verified with, could not be loaded: ${messageOf(error)}`
    }
  }
  const check = checkReleaseAttestation(bundles, () => trust, {
    signed: input.signed,
    known: input.known
  })
  return check
}

/** The one error line of a failed check after publishing. */
export function afterPublishError(tag: string, result: AfterPublish): UserError {
  const reasons = [
    ...result.downloads.problems.map((p) => `download ${p}`),
    ...(result.releaseAttestation.status === 'failed'
      ? [`GitHub's release attestation: ${result.releaseAttestation.detail ?? 'does not verify'}`]
      : [])
  ]
  return new UserError(
    'PUBLISHED',
    `Release ${quote(tag)} is published, but what downloaders get does not verify: ${reasons.join('; ')}`,
    're-run the job to check again; if it still fails, the release is public: withdraw it (delete or mark it as such) and release again'
  )
}
