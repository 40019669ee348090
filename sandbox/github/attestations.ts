/**
 * The attestations API: a Sigstore bundle is stored with the repository and indexed by the
 * `sha256` digests of its in-toto statement's subjects (for a message-signature bundle, by the
 * signed digest). Private repositories of users are refused with GitHub's 422; GitHub Enterprise
 * Server has no such API (404). Organisation-owned private repositories are taken to be on
 * GitHub Enterprise Cloud, where the feature is available.
 */
import { GitHubApiError, invalidRequest, notFound } from './errors.js'
import type { Body } from './input.js'
import type { AttestationRecord, ReleaseRecord, RepoRecord, Store } from './store.js'

/** Short names `predicate_type` accepts, and the predicate types they stand for. */
const PREDICATE_ALIASES: Record<string, (type: string) => boolean> = {
  provenance: (t) => t.startsWith('https://slsa.dev/provenance/'),
  sbom: (t) =>
    t.startsWith('https://spdx.dev/Document') || t.startsWith('https://cyclonedx.org/bom'),
  release: (t) => t.startsWith('https://in-toto.io/attestation/release/')
}

export function ensureAvailable(repo: RepoRecord): void {
  if (!repo.settings.attestationsApi) throw notFound()
}

export function createAttestation(store: Store, repo: RepoRecord, body: Body): AttestationRecord {
  const { settings } = repo
  if (settings.visibility !== 'public' && settings.ownerType === 'User') {
    throw new GitHubApiError(
      422,
      'Feature not available for user-owned private repositories. To enable this feature, please make this repository public.'
    )
  }
  const bundle = body.bundle
  if (bundle === undefined || bundle === null) throw invalidRequest(`"bundle" wasn't supplied.`)
  if (typeof bundle !== 'object' || Array.isArray(bundle)) {
    throw invalidRequest(`For 'properties/bundle', ${JSON.stringify(bundle)} is not an object.`)
  }
  const { subjects, predicateType } = subjectsOf(bundle as Body)
  const record: AttestationRecord = {
    id: store.nextId('attestation'),
    bundle: bundle as Body,
    subjects,
    predicateType
  }
  repo.attestations.push(record)
  return record
}

/** Newest first, optionally filtered by predicate type (a URI, or an alias such as `provenance`). */
export function findAttestations(
  repo: RepoRecord,
  subjectDigest: string,
  predicateType?: string
): AttestationRecord[] {
  const digest = subjectDigest.toLowerCase()
  const matches = (type: string | undefined): boolean => {
    if (predicateType === undefined || predicateType === '') return true
    if (type === undefined) return false
    return PREDICATE_ALIASES[predicateType]?.(type) ?? type === predicateType
  }
  return repo.attestations
    .filter((a) => a.subjects.includes(digest) && matches(a.predicateType))
    .reverse()
}

function subjectsOf(bundle: Body): { subjects: string[]; predicateType?: string } {
  const envelope = bundle.dsseEnvelope as { payload?: unknown; payloadType?: unknown } | undefined
  if (envelope && typeof envelope === 'object') {
    if (
      envelope.payloadType !== 'application/vnd.in-toto+json' ||
      typeof envelope.payload !== 'string'
    ) {
      throw badBundle('the DSSE envelope does not carry an in-toto statement')
    }
    let statement: { subject?: { digest?: Record<string, unknown> }[]; predicateType?: unknown }
    try {
      statement = JSON.parse(
        Buffer.from(envelope.payload, 'base64').toString('utf8')
      ) as typeof statement
    } catch {
      throw badBundle('the DSSE payload is not JSON')
    }
    const subjects = (Array.isArray(statement.subject) ? statement.subject : [])
      .map((s) => s.digest?.sha256)
      .filter((d): d is string => typeof d === 'string')
      .map((d) => `sha256:${d.toLowerCase()}`)
    if (subjects.length === 0) throw badBundle('the statement has no sha256 subject')
    const predicateType =
      typeof statement.predicateType === 'string' ? statement.predicateType : undefined
    return { subjects, predicateType }
  }
  const signature = bundle.messageSignature as
    { messageDigest?: { algorithm?: unknown; digest?: unknown } } | undefined
  const digest = signature?.messageDigest
  if (digest?.algorithm === 'SHA2_256' && typeof digest.digest === 'string') {
    return { subjects: [`sha256:${Buffer.from(digest.digest, 'base64').toString('hex')}`] }
  }
  throw badBundle('a bundle needs a DSSE envelope or a SHA2_256 message signature')
}

function badBundle(reason: string): GitHubApiError {
  return new GitHubApiError(400, `Invalid bundle: ${reason}`)
}

export const RELEASE_PREDICATE = 'https://in-toto.io/attestation/release/v0.2'

/**
 * GitHub's release attestation of a just-published immutable release: the tag (as a purl) and
 * every uploaded asset by name and sha256, signed by `sign` (GitHub's instance) and stored in the
 * attestations API under each asset's digest, as GitHub does on publish.
 */
export async function attestRelease(
  store: Store,
  repo: RepoRecord,
  release: ReleaseRecord,
  sign: (statement: object) => Promise<Record<string, unknown>>
): Promise<AttestationRecord> {
  const purl = `pkg:github/${repo.owner}/${repo.name}@${release.tagName}`
  const assets = release.assets.filter((a) => a.state === 'uploaded' && a.digest)
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { uri: purl, digest: { sha1: tagCommit(repo, release) } },
      ...assets.map((a) => ({
        name: a.name,
        digest: { sha256: (a.digest ?? '').replace(/^sha256:/, '') }
      }))
    ],
    predicateType: RELEASE_PREDICATE,
    predicate: {
      ownerId: String(repo.settings.id),
      purl,
      releaseId: String(release.id),
      repository: `${repo.owner}/${repo.name}`,
      repositoryId: String(repo.settings.id),
      tag: release.tagName
    }
  }
  const record: AttestationRecord = {
    id: store.nextId('attestation'),
    bundle: await sign(statement),
    subjects: assets.map((a) => (a.digest ?? '').toLowerCase()),
    predicateType: RELEASE_PREDICATE
  }
  repo.attestations.push(record)
  return record
}

function tagCommit(repo: RepoRecord, release: ReleaseRecord): string {
  return repo.tags.get(release.tagName)?.commit ?? '0'.repeat(40)
}
