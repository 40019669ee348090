/** A repository's releases: found by id or by tag (drafts included), and published. */
import { UserError } from '../errors.js'
import { status } from './errors.js'
import type { RepoApi } from './repo-api.js'

export interface Release {
  id: number
  tagName: string
  name: string
  draft: boolean
  immutable: boolean
  uploadUrl: string
  htmlUrl: string
}

interface RawRelease {
  id: number
  tag_name: string
  name?: string | null
  draft: boolean
  immutable?: boolean
  upload_url: string
  html_url: string
}

export class ReleasesClient {
  constructor(private readonly api: RepoApi) {}

  async get(id: number): Promise<Release> {
    try {
      const { data } = await this.api.call(() =>
        this.api.octokit.rest.repos.getRelease({ ...this.api.ref, release_id: id })
      )
      return toRelease(data)
    } catch (error) {
      if (status(error) === 404) {
        throw new UserError(
          'RELEASE',
          `Release ${id} was not found in ${this.api.slug()}`,
          "check 'release-id'; a draft is visible only to a token with contents: write",
          { cause: error }
        )
      }
      throw error
    }
  }

  /** Finds a release by tag, drafts included: get-by-tag does not return drafts, so list them. */
  async findByTag(tag: string): Promise<Release | undefined> {
    const { octokit, ref } = this.api
    try {
      const { data } = await this.api.call(() =>
        octokit.rest.repos.getReleaseByTag({ ...ref, tag })
      )
      return toRelease(data)
    } catch (error) {
      if (status(error) !== 404) throw error
    }
    const pages = octokit.paginate.iterator(octokit.rest.repos.listReleases, {
      ...ref,
      per_page: 100
    })
    const found = await this.api.call(async () => {
      for await (const page of pages) {
        const match = page.data.find((r) => r.tag_name === tag)
        if (match) return match
      }
      return undefined
    })
    return found && toRelease(found)
  }

  async publish(id: number): Promise<Release> {
    const { data } = await this.api.call(() =>
      this.api.octokit.rest.repos.updateRelease({ ...this.api.ref, release_id: id, draft: false })
    )
    return toRelease(data)
  }
}

function toRelease(data: RawRelease): Release {
  return {
    id: data.id,
    tagName: data.tag_name,
    name: data.name ?? data.tag_name,
    draft: data.draft,
    immutable: data.immutable === true,
    uploadUrl: data.upload_url,
    htmlUrl: data.html_url
  }
}
