/**
 * JSON as GitHub serves it: the OpenAPI `simple-user`, `release-asset`, `release` and
 * `full-repository` schemas, with timestamps in whole seconds and URLs on the stand-in's hosts.
 */
import type {
  ApprovalRecord,
  AssetRecord,
  EnvironmentRecord,
  ReleaseRecord,
  RepoRecord,
  TagRecord
} from './store.js'

export interface Urls {
  apiUrl: string
  uploadUrl: string
  serverUrl: string
}

export interface UserJson {
  login: string
  id: number
  node_id: string
  avatar_url: string
  gravatar_id: string
  url: string
  html_url: string
  followers_url: string
  following_url: string
  gists_url: string
  starred_url: string
  subscriptions_url: string
  organizations_url: string
  repos_url: string
  events_url: string
  received_events_url: string
  type: string
  user_view_type: string
  site_admin: boolean
}

export interface AssetJson {
  url: string
  browser_download_url: string
  id: number
  node_id: string
  name: string
  label: string | null
  state: 'uploaded' | 'starter'
  content_type: string
  size: number
  digest: string | null
  download_count: number
  created_at: string
  updated_at: string
  uploader: UserJson
}

export interface ReleaseJson {
  url: string
  assets_url: string
  upload_url: string
  html_url: string
  id: number
  author: UserJson
  node_id: string
  tag_name: string
  target_commitish: string
  name: string | null
  draft: boolean
  immutable: boolean
  prerelease: boolean
  created_at: string
  updated_at: string
  published_at: string | null
  assets: AssetJson[]
  tarball_url: string | null
  zipball_url: string | null
  body: string | null
}

export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Node ids are opaque base64; the prefix names the type as GitHub's do. */
function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`sandbox:${prefix}:${id}`).toString('base64url')}`
}

export function userJson(urls: Urls, actor: { login: string; id: number; type: string }): UserJson {
  const login = encodeURIComponent(actor.login)
  const api = `${urls.apiUrl}/users/${login}`
  // A bot's page is its app's: github-actions[bot] is /apps/github-actions.
  const html =
    actor.type === 'Bot'
      ? `${urls.serverUrl}/apps/${encodeURIComponent(actor.login.replace(/\[bot\]$/, ''))}`
      : `${urls.serverUrl}/${login}`
  return {
    login: actor.login,
    id: actor.id,
    node_id: nodeId('U', actor.id),
    avatar_url: `${urls.serverUrl}/avatars/u/${actor.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: html,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: actor.type,
    user_view_type: 'public',
    site_admin: false
  }
}

/** The tag a release's web URLs use: drafts have no tag yet. */
export function webTag(release: ReleaseRecord): string {
  return release.draft ? `untagged-${release.untagged}` : release.tagName
}

export function assetJson(
  urls: Urls,
  repo: RepoRecord,
  release: ReleaseRecord,
  asset: AssetRecord
): AssetJson {
  const slug = `${repo.owner}/${repo.name}`
  return {
    url: `${urls.apiUrl}/repos/${slug}/releases/assets/${asset.id}`,
    id: asset.id,
    node_id: nodeId('RA', asset.id),
    name: asset.name,
    label: asset.label,
    uploader: userJson(urls, asset.uploader),
    content_type: asset.contentType,
    state: asset.state,
    size: asset.size,
    digest: asset.digest,
    download_count: asset.downloadCount,
    created_at: timestamp(asset.createdAt),
    updated_at: timestamp(asset.updatedAt),
    browser_download_url: `${urls.serverUrl}/${slug}/releases/download/${encodeURIComponent(webTag(release))}/${encodeURIComponent(asset.name)}`
  }
}

export function releaseJson(urls: Urls, repo: RepoRecord, release: ReleaseRecord): ReleaseJson {
  const base = `${urls.apiUrl}/repos/${repo.owner}/${repo.name}`
  const tag = encodeURIComponent(release.tagName)
  return {
    url: `${base}/releases/${release.id}`,
    assets_url: `${base}/releases/${release.id}/assets`,
    upload_url: `${urls.uploadUrl}/repos/${repo.owner}/${repo.name}/releases/${release.id}/assets{?name,label}`,
    html_url: `${urls.serverUrl}/${repo.owner}/${repo.name}/releases/tag/${encodeURIComponent(webTag(release))}`,
    id: release.id,
    author: userJson(urls, release.author),
    node_id: nodeId('RE', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    draft: release.draft,
    immutable: release.immutable,
    prerelease: release.prerelease,
    created_at: timestamp(release.createdAt),
    updated_at: timestamp(release.updatedAt),
    published_at: release.publishedAt && timestamp(release.publishedAt),
    assets: release.assets.map((a) => assetJson(urls, repo, release, a)),
    tarball_url: release.draft ? null : `${base}/tarball/${tag}`,
    zipball_url: release.draft ? null : `${base}/zipball/${tag}`,
    body: release.body
  }
}

const REPO_URL_TEMPLATES: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}'
}

/** `full-repository`; `permissions` describes the caller, as GitHub's does for a token. */
export function repositoryJson(
  urls: Urls,
  repo: RepoRecord,
  permissions: { push: boolean } | undefined
): Record<string, unknown> {
  const { settings } = repo
  const slug = `${repo.owner}/${repo.name}`
  const api = `${urls.apiUrl}/repos/${slug}`
  const host = new URL(urls.serverUrl).host
  const owner = { login: repo.owner, id: settings.ownerId, type: settings.ownerType }
  const created = timestamp(repo.createdAt)
  return {
    id: settings.id,
    node_id: nodeId('R', settings.id),
    name: repo.name,
    full_name: slug,
    owner: userJson(urls, owner),
    ...(settings.ownerType === 'Organization' ? { organization: userJson(urls, owner) } : {}),
    private: settings.visibility !== 'public',
    visibility: settings.visibility,
    html_url: `${urls.serverUrl}/${slug}`,
    description: null,
    fork: false,
    url: api,
    ...Object.fromEntries(Object.entries(REPO_URL_TEMPLATES).map(([k, v]) => [k, api + v])),
    git_url: `git://${host}/${slug}.git`,
    ssh_url: `git@${host}:${slug}.git`,
    clone_url: `${urls.serverUrl}/${slug}.git`,
    svn_url: `${urls.serverUrl}/${slug}`,
    mirror_url: null,
    homepage: null,
    language: null,
    size: 0,
    default_branch: settings.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    network_count: 0,
    subscribers_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    is_template: false,
    topics: [],
    license: null,
    allow_forking: true,
    web_commit_signoff_required: false,
    pushed_at: created,
    created_at: created,
    updated_at: created,
    ...(permissions
      ? {
          permissions: {
            admin: false,
            maintain: false,
            push: permissions.push,
            triage: permissions.push,
            pull: true
          }
        }
      : {})
  }
}

function environmentRef(
  urls: Urls,
  repo: RepoRecord,
  env: EnvironmentRecord
): Record<string, unknown> {
  const slug = `${repo.owner}/${repo.name}`
  return {
    id: env.id,
    node_id: nodeId('EN', env.id),
    name: env.name,
    url: `${urls.apiUrl}/repos/${slug}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${urls.serverUrl}/${slug}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: timestamp(env.createdAt),
    updated_at: timestamp(env.createdAt)
  }
}

/** `environment`, with a `required_reviewers` rule when it has reviewers. */
export function environmentJson(
  urls: Urls,
  repo: RepoRecord,
  env: EnvironmentRecord
): Record<string, unknown> {
  const rules =
    env.reviewers.length === 0
      ? []
      : [
          {
            id: env.id + 1,
            node_id: nodeId('GA', env.id + 1),
            prevent_self_review: env.preventSelfReview,
            type: 'required_reviewers',
            reviewers: env.reviewers.map((r) => ({ type: 'User', reviewer: userJson(urls, r) }))
          }
        ]
  return {
    ...environmentRef(urls, repo, env),
    protection_rules: rules,
    deployment_branch_policy: null
  }
}

/** `environment-approvals`: one entry of a run's review log. */
export function approvalJson(
  urls: Urls,
  repo: RepoRecord,
  approval: ApprovalRecord
): Record<string, unknown> {
  const env = repo.environments.get(approval.environment.toLowerCase())
  return {
    environments: env ? [environmentRef(urls, repo, env)] : [],
    state: approval.state,
    user: userJson(urls, approval.user),
    comment: approval.comment
  }
}

/** `git-ref` for `tags/<name>`: the tag object of an annotated tag, else the commit. */
export function tagRefJson(urls: Urls, repo: RepoRecord, tag: TagRecord): Record<string, unknown> {
  const api = `${urls.apiUrl}/repos/${repo.owner}/${repo.name}/git`
  const [type, sha] = tag.objectSha ? ['tag', tag.objectSha] : ['commit', tag.commit]
  return {
    ref: `refs/tags/${tag.name}`,
    node_id: nodeId('REF', repo.settings.id),
    url: `${api}/refs/tags/${encodeURIComponent(tag.name)}`,
    object: { type, sha, url: `${api}/${type}s/${sha}` }
  }
}

/** `git-tag`: an annotated tag object with its signature verification. */
export function gitTagJson(urls: Urls, repo: RepoRecord, tag: TagRecord): Record<string, unknown> {
  const api = `${urls.apiUrl}/repos/${repo.owner}/${repo.name}/git`
  const sha = tag.objectSha ?? ''
  return {
    node_id: nodeId('TAG', repo.settings.id),
    tag: tag.name,
    sha,
    url: `${api}/tags/${sha}`,
    message: tag.message,
    tagger: { date: timestamp(tag.tagger.date), email: tag.tagger.email, name: tag.tagger.name },
    object: { sha: tag.commit, type: 'commit', url: `${api}/commits/${tag.commit}` },
    verification: {
      ...tag.verification,
      verified_at: tag.verification.verified ? timestamp(tag.tagger.date) : null
    }
  }
}
