/**
 * What an authorisation record is read from: deployment environments with required reviewers, the
 * review log of a workflow run, and tags (lightweight, or annotated with a signature verification).
 * Tests and the control endpoint set them up here; the API serves them as GitHub does.
 */
import { createHash } from 'node:crypto'
import { notFound } from './errors.js'
import type {
  Actor,
  ApprovalRecord,
  EnvironmentRecord,
  RepoRecord,
  Store,
  TagRecord
} from './store.js'

export interface EnvironmentOptions {
  /** Users who may approve; none means the environment has no required-reviewers rule. */
  reviewers?: { login: string; id: number }[]
  preventSelfReview?: boolean
}

export function setEnvironment(
  store: Store,
  repo: RepoRecord,
  name: string,
  options: EnvironmentOptions
): EnvironmentRecord {
  const existing = repo.environments.get(name.toLowerCase())
  const record: EnvironmentRecord = {
    id: existing?.id ?? store.nextId('environment'),
    name,
    reviewers: (options.reviewers ?? []).map((r) => user(r)),
    preventSelfReview: options.preventSelfReview ?? false,
    createdAt: existing?.createdAt ?? new Date()
  }
  repo.environments.set(name.toLowerCase(), record)
  return record
}

/** Environment names ignore case on GitHub. */
export function getEnvironment(repo: RepoRecord, name: string): EnvironmentRecord {
  const found = repo.environments.get(name.toLowerCase())
  if (!found) throw notFound()
  return found
}

export interface ApprovalOptions {
  environment: string
  login: string
  id: number
  state?: ApprovalRecord['state']
  comment?: string
}

/** Appends a review to a run's log; the environment must exist, as on GitHub. */
export function addApproval(repo: RepoRecord, runId: number, options: ApprovalOptions): void {
  const environment = getEnvironment(repo, options.environment)
  const log = repo.approvals.get(runId) ?? []
  log.push({
    environment: environment.name,
    state: options.state ?? 'approved',
    user: user(options),
    comment: options.comment ?? ''
  })
  repo.approvals.set(runId, log)
}

/** A run's review log; a run nobody reviewed has an empty one. */
export function approvalsOf(repo: RepoRecord, runId: number): ApprovalRecord[] {
  return repo.approvals.get(runId) ?? []
}

export interface TagOptions {
  commit: string
  /** An annotated tag has a tag object; a lightweight one points at the commit. */
  annotated?: boolean
  verified?: boolean
  /** GitHub's verification reason: `valid`, `unsigned`, `unknown_key`, `bad_email`, ... */
  reason?: string
  tagger?: { name: string; email: string }
  message?: string
}

export function setTag(repo: RepoRecord, name: string, options: TagOptions): TagRecord {
  const annotated = options.annotated ?? true
  const verified = annotated && (options.verified ?? false)
  const tagger = options.tagger ?? { name: 'Mona Lisa', email: 'mona@example.com' }
  const message = options.message ?? `Release ${name}\n`
  const signed = annotated && options.reason !== 'unsigned'
  const record: TagRecord = {
    name,
    commit: options.commit,
    objectSha: annotated
      ? createHash('sha1').update(`tag ${name} ${options.commit} ${message}`).digest('hex')
      : undefined,
    message,
    tagger: { ...tagger, date: new Date() },
    verification: {
      verified,
      reason: options.reason ?? (verified ? 'valid' : 'unsigned'),
      signature: signed
        ? '-----BEGIN SSH SIGNATURE-----\nsandbox\n-----END SSH SIGNATURE-----\n'
        : null,
      payload: signed ? `object ${options.commit}\ntype commit\ntag ${name}\n\n${message}` : null
    }
  }
  repo.tags.set(name, record)
  return record
}

export function getTagRef(repo: RepoRecord, name: string): TagRecord {
  const found = repo.tags.get(name)
  if (!found) throw notFound()
  return found
}

export function getTagObject(repo: RepoRecord, sha: string): TagRecord {
  const found = [...repo.tags.values()].find((t) => t.objectSha === sha)
  if (!found) throw notFound()
  return found
}

function user(u: { login: string; id: number }): Actor {
  return { login: u.login, id: u.id, type: 'User' }
}
