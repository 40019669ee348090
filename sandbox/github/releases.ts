/**
 * Release semantics: drafts are visible only to writers and never found by tag; at most one
 * published release per tag; publishing makes a release immutable when the repository says so;
 * an immutable release keeps its tag, commit and state (only title and notes change), may be
 * deleted, and its tag can never be used again ("tag_name was used by an immutable release").
 */
import { randomBytes } from 'node:crypto'
import { alreadyExists, GitHubApiError, notFound, validationFailed } from './errors.js'
import { oneOf, optionalBoolean, optionalString, requiredString, type Body } from './input.js'
import type { Actor, AssetRecord, ReleaseRecord, RepoRecord, Store } from './store.js'

const MAKE_LATEST = ['true', 'false', 'legacy'] as const

export function createRelease(
  store: Store,
  repo: RepoRecord,
  body: Body,
  author: Actor
): ReleaseRecord {
  const tagName = requiredString(body, 'tag_name')
  const draft = optionalBoolean(body, 'draft') ?? false
  const makeLatest = oneOf(body, 'make_latest', MAKE_LATEST)
  if (tagName.trim() === '') {
    throw validationFailed({ resource: 'Release', code: 'missing_field', field: 'tag_name' })
  }
  if (repo.reservedTags.has(tagName)) throw tagReserved()
  if (publishedWithTag(repo, tagName)) throw alreadyExists('Release', 'tag_name')
  const now = new Date()
  const release: ReleaseRecord = {
    id: store.nextId('release'),
    tagName,
    targetCommitish: optionalString(body, 'target_commitish') ?? repo.settings.defaultBranch,
    name: optionalString(body, 'name') ?? null,
    body: optionalString(body, 'body') ?? null,
    draft: true,
    prerelease: optionalBoolean(body, 'prerelease') ?? false,
    immutable: false,
    createdAt: now,
    publishedAt: null,
    updatedAt: now,
    author,
    untagged: randomBytes(10).toString('hex'),
    assets: []
  }
  repo.releases.set(release.id, release)
  if (!draft) publish(repo, release, makeLatest)
  return release
}

export function getRelease(repo: RepoRecord, id: number, seesDrafts: boolean): ReleaseRecord {
  const release = repo.releases.get(id)
  if (!release || (release.draft && !seesDrafts)) throw notFound()
  return release
}

/** Get-by-tag does not return drafts, whoever asks. */
export function releaseByTag(repo: RepoRecord, tag: string): ReleaseRecord {
  const release = publishedWithTag(repo, tag)
  if (!release) throw notFound()
  return release
}

/** The release marked latest, else the newest full release (GitHub's "legacy" ordering). */
export function latestRelease(repo: RepoRecord): ReleaseRecord {
  const marked = repo.latestId === undefined ? undefined : repo.releases.get(repo.latestId)
  const latest = marked ?? listReleases(repo, false).find((r) => !r.prerelease)
  if (!latest) throw notFound()
  return latest
}

/** Newest first, drafts only for writers. */
export function listReleases(repo: RepoRecord, seesDrafts: boolean): ReleaseRecord[] {
  return [...repo.releases.values()]
    .filter((r) => seesDrafts || !r.draft)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
}

export function updateRelease(repo: RepoRecord, id: number, body: Body): ReleaseRecord {
  const release = getRelease(repo, id, true)
  const tagName = optionalString(body, 'tag_name')
  const targetCommitish = optionalString(body, 'target_commitish')
  const prerelease = optionalBoolean(body, 'prerelease')
  const draft = optionalBoolean(body, 'draft')
  const makeLatest = oneOf(body, 'make_latest', MAKE_LATEST)
  const name = optionalString(body, 'name')
  const notes = optionalString(body, 'body')
  if (release.immutable) {
    const changes: [string, unknown, unknown][] = [
      ['tag_name', tagName, release.tagName],
      ['target_commitish', targetCommitish, release.targetCommitish],
      ['prerelease', prerelease, release.prerelease],
      ['draft', draft, release.draft]
    ]
    const changed = changes.find(([, value, current]) => value !== undefined && value !== current)
    if (changed) {
      throw validationFailed({
        resource: 'Release',
        code: 'custom',
        field: changed[0],
        message: 'Immutable release. Only release title and notes can be modified.'
      })
    }
  }
  if (tagName !== undefined && tagName !== release.tagName) {
    if (repo.reservedTags.has(tagName)) throw tagReserved()
    if (!release.draft && publishedWithTag(repo, tagName))
      throw alreadyExists('Release', 'tag_name')
    release.tagName = tagName
  }
  if (targetCommitish !== undefined) release.targetCommitish = targetCommitish
  if (prerelease !== undefined) release.prerelease = prerelease
  if (name !== undefined) release.name = name
  if (notes !== undefined) release.body = notes
  if (draft === false && release.draft) publish(repo, release, makeLatest)
  else if (draft === true && !release.draft) {
    release.draft = true
    release.publishedAt = null
    if (repo.latestId === release.id) repo.latestId = undefined
  } else if (!release.draft && makeLatest !== undefined) markLatest(repo, release, makeLatest)
  release.updatedAt = new Date()
  return release
}

/** Removes the release; returns its assets so their files can go too. */
export function deleteRelease(repo: RepoRecord, id: number, store: Store): AssetRecord[] {
  const release = getRelease(repo, id, true)
  if (release.immutable) repo.reservedTags.add(release.tagName)
  const assets = [...release.assets]
  for (const asset of assets) store.removeAsset(release, asset.id)
  repo.releases.delete(id)
  if (repo.latestId === id) repo.latestId = undefined
  return assets
}

function publish(repo: RepoRecord, release: ReleaseRecord, makeLatest: string | undefined): void {
  if (publishedWithTag(repo, release.tagName)) throw alreadyExists('Release', 'tag_name')
  release.draft = false
  release.publishedAt = new Date()
  release.immutable = repo.settings.immutableReleases
  markLatest(repo, release, makeLatest ?? 'true')
}

function markLatest(repo: RepoRecord, release: ReleaseRecord, makeLatest: string): void {
  if (makeLatest === 'true' && !release.prerelease) repo.latestId = release.id
  else if (repo.latestId === release.id) repo.latestId = undefined
}

function publishedWithTag(repo: RepoRecord, tag: string): ReleaseRecord | undefined {
  return [...repo.releases.values()].find((r) => !r.draft && r.tagName === tag)
}

function tagReserved(): GitHubApiError {
  return validationFailed({
    resource: 'Release',
    code: 'custom',
    field: 'tag_name',
    message: 'tag_name was used by an immutable release'
  })
}
