/**
 * The GitHub adapter for one repository: a client per part of the REST API it uses, sharing one
 * Octokit and one classification of failures. Stages take the parts they need.
 */
import { AssetsClient } from './assets.js'
import { AttestationsClient } from './attestations.js'
import { AuthorizationClient } from './authorization.js'
import type { Octokit } from './octokit.js'
import { ReleasesClient } from './releases.js'
import { RepoApi, type RepoRef } from './repo-api.js'
import { RepositoryClient } from './repository.js'

export interface GitHubRepo {
  /** owner/repo */
  slug: string
  repository: RepositoryClient
  releases: ReleasesClient
  assets: AssetsClient
  attestations: AttestationsClient
  authorization: AuthorizationClient
}

export function connectRepository(octokit: Octokit, ref: RepoRef): GitHubRepo {
  const api = new RepoApi(octokit, ref)
  return {
    slug: api.slug(),
    repository: new RepositoryClient(api),
    releases: new ReleasesClient(api),
    assets: new AssetsClient(api),
    attestations: new AttestationsClient(api),
    authorization: new AuthorizationClient(api)
  }
}
