/**
 * One repository on GitHub's REST API: the Octokit, the `owner/repo` it is for, and the one way to
 * make a call, whose failure is classified by `githubError` (./errors.ts). The clients for the
 * repository's releases, assets, attestations and authorisation share it.
 */
import { githubError, type GitHubCallContext } from './errors.js'
import type { Octokit } from './octokit.js'

export interface RepoRef {
  owner: string
  repo: string
}

export class RepoApi {
  constructor(
    readonly octokit: Octokit,
    readonly ref: RepoRef
  ) {}

  /** owner/repo */
  slug(): string {
    return `${this.ref.owner}/${this.ref.repo}`
  }

  /** Runs one call to GitHub, its failure classified (./errors.ts). */
  async call<T>(
    request: () => Promise<T>,
    context: Omit<GitHubCallContext, 'slug'> = {}
  ): Promise<T> {
    try {
      return await request()
    } catch (error) {
      throw githubError(error, { ...context, slug: this.slug() })
    }
  }
}
