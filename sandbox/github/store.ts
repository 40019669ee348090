/**
 * The stand-in's state: repositories (created on first use) with their settings, releases, assets
 * and attestations. Asset bytes live in files under the data directory, named by asset id.
 */
import { join } from 'node:path'

export type Visibility = 'public' | 'private' | 'internal'
export type OwnerType = 'User' | 'Organization'

/** Per-repository switches; the object is live, so tests and the control endpoint may mutate it. */
export interface RepoSettings {
  visibility: Visibility
  ownerType: OwnerType
  /** Releases published from now on become immutable (existing ones are unchanged, as on GitHub). */
  immutableReleases: boolean
  /** false answers the attestations endpoints with 404, as GitHub Enterprise Server does. */
  attestationsApi: boolean
  /** The repository's numeric id (`repository_id` in attestations and OIDC tokens). */
  id: number
  ownerId: number
  defaultBranch: string
}

export interface Actor {
  login: string
  id: number
  type: 'Bot' | 'User'
}

export interface AssetRecord {
  id: number
  releaseId: number
  name: string
  label: string | null
  /** `starter` until the bytes have all arrived; an interrupted upload stays `starter`. */
  state: 'uploaded' | 'starter'
  contentType: string
  size: number
  digest: string | null
  downloadCount: number
  createdAt: Date
  updatedAt: Date
  uploader: Actor
}

export interface ReleaseRecord {
  id: number
  tagName: string
  targetCommitish: string
  name: string | null
  body: string | null
  draft: boolean
  prerelease: boolean
  immutable: boolean
  createdAt: Date
  publishedAt: Date | null
  updatedAt: Date
  author: Actor
  /** Drafts are shown under `untagged-<hash>` on the web. */
  untagged: string
  assets: AssetRecord[]
}

export interface AttestationRecord {
  id: number
  bundle: Record<string, unknown>
  /** `sha256:<hex>` of every subject of the bundle's statement. */
  subjects: string[]
  predicateType: string | undefined
}

/** A deployment environment; `reviewers` empty means no required-reviewers rule. */
export interface EnvironmentRecord {
  id: number
  name: string
  reviewers: Actor[]
  preventSelfReview: boolean
  createdAt: Date
}

/** One entry of a workflow run's review log (`GET .../actions/runs/{run_id}/approvals`). */
export interface ApprovalRecord {
  environment: string
  state: 'approved' | 'rejected' | 'pending'
  user: Actor
  comment: string
}

/** A tag: lightweight (the ref names the commit) or annotated (a tag object, maybe signed). */
export interface TagRecord {
  name: string
  commit: string
  /** The tag object's SHA; absent for a lightweight tag. */
  objectSha?: string
  message: string
  tagger: { name: string; email: string; date: Date }
  verification: {
    verified: boolean
    reason: string
    signature: string | null
    payload: string | null
  }
}

export interface RepoRecord {
  owner: string
  name: string
  settings: RepoSettings
  createdAt: Date
  releases: Map<number, ReleaseRecord>
  /** Set by a publish with make_latest (GitHub's default); cleared when that release goes. */
  latestId: number | undefined
  /** Tags of deleted immutable releases: GitHub never lets them be reused. */
  reservedTags: Set<string>
  attestations: AttestationRecord[]
  environments: Map<string, EnvironmentRecord>
  /** Review logs by workflow run id. */
  approvals: Map<number, ApprovalRecord[]>
  tags: Map<string, TagRecord>
}

export class Store {
  private readonly repos = new Map<string, RepoRecord>()
  private readonly assetIndex = new Map<number, { repo: RepoRecord; release: ReleaseRecord }>()
  private readonly counters = {
    repo: 100001,
    owner: 200001,
    release: 3000001,
    asset: 9000001,
    attestation: 501,
    environment: 56780001
  }
  private readonly ownerIds = new Map<string, number>()

  constructor(readonly dataDir: string) {}

  nextId(kind: 'release' | 'asset' | 'attestation' | 'environment'): number {
    return this.counters[kind]++
  }

  /** The repository `owner/name`, created (public, user-owned) on first use; names ignore case. */
  repo(fullName: string): RepoRecord {
    const key = fullName.toLowerCase()
    let repo = this.repos.get(key)
    if (!repo) {
      const [owner = '', name = ''] = fullName.split('/')
      let ownerId = this.ownerIds.get(owner.toLowerCase())
      if (ownerId === undefined) {
        ownerId = this.counters.owner++
        this.ownerIds.set(owner.toLowerCase(), ownerId)
      }
      repo = {
        owner,
        name,
        settings: {
          visibility: 'public',
          ownerType: 'User',
          immutableReleases: false,
          attestationsApi: true,
          id: this.counters.repo++,
          ownerId,
          defaultBranch: 'main'
        },
        createdAt: new Date(),
        releases: new Map(),
        latestId: undefined,
        reservedTags: new Set(),
        attestations: [],
        environments: new Map(),
        approvals: new Map(),
        tags: new Map()
      }
      this.repos.set(key, repo)
    }
    return repo
  }

  addAsset(repo: RepoRecord, release: ReleaseRecord, asset: AssetRecord): void {
    release.assets.push(asset)
    this.assetIndex.set(asset.id, { repo, release })
  }

  removeAsset(release: ReleaseRecord, assetId: number): void {
    release.assets = release.assets.filter((a) => a.id !== assetId)
    this.assetIndex.delete(assetId)
  }

  /** An asset with the release that holds it, if it belongs to `repo` (or to any repo). */
  findAsset(
    assetId: number,
    repo?: RepoRecord
  ): { repo: RepoRecord; release: ReleaseRecord; asset: AssetRecord } | undefined {
    const entry = this.assetIndex.get(assetId)
    if (!entry || (repo && entry.repo !== repo)) return undefined
    const asset = entry.release.assets.find((a) => a.id === assetId)
    return asset && { ...entry, asset }
  }

  assetPath(assetId: number): string {
    return join(this.dataDir, String(assetId))
  }
}
