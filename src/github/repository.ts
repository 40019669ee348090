/** The repository itself: its visibility, which decides where a run may sign. */
import type { RepoApi } from './repo-api.js'

export interface Repository {
  visibility: string
  private: boolean
  ownerType: string
}

export class RepositoryClient {
  constructor(private readonly api: RepoApi) {}

  async get(): Promise<Repository> {
    const { data } = await this.api.call(() => this.api.octokit.rest.repos.get({ ...this.api.ref }))
    return {
      visibility: data.visibility ?? (data.private ? 'private' : 'public'),
      private: data.private,
      ownerType: data.owner.type
    }
  }
}
