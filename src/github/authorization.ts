/**
 * What GitHub says about a run's authorisation: the environment's required reviewers, the run's
 * review log, and the release tag (annotated or not, and whether GitHub verified its signature).
 * The only code that knows these REST shapes; failures go through `githubError` like every call.
 */
import { status } from './errors.js'
import type { RepoApi } from './repo-api.js'

export interface Reviewer {
  type: 'User' | 'Team'
  /** A user's login, or a team's slug. */
  name: string
  id: number
}

export interface Environment {
  name: string
  /** Reviewers of its `required_reviewers` rule; undefined when it has no such rule. */
  requiredReviewers?: Reviewer[]
}

export interface Review {
  login: string
  id: number
  state: string
  comment: string
  /** Names of the environments the review was for. */
  environments: string[]
}

export interface Tag {
  name: string
  /** The commit the tag names; undefined when the tag does not exist (yet: a draft's tag). */
  commit?: string
  annotated: boolean
  verified: boolean
  /** GitHub's verification reason (`valid`, `unsigned`, ...), or why there is none. */
  reason: string
  /** The tagger of an annotated tag, whose key GitHub matched when verified. */
  tagger?: { name: string; email: string }
}

const ACTIONS_READ = { permission: 'actions: read' }

export class AuthorizationClient {
  constructor(private readonly api: RepoApi) {}

  /** The environment; undefined when GitHub does not know it (404). */
  async getEnvironment(name: string): Promise<Environment | undefined> {
    try {
      const { data } = await this.api.call(() =>
        this.api.octokit.rest.repos.getEnvironment({ ...this.api.ref, environment_name: name })
      )
      const rule = (data.protection_rules ?? []).find((r) => r.type === 'required_reviewers') as
        { reviewers?: { type?: string; reviewer?: Record<string, unknown> }[] } | undefined
      return {
        name: data.name,
        requiredReviewers: rule?.reviewers?.map((r) => ({
          type: r.type === 'Team' ? 'Team' : 'User',
          name: textOf(r.reviewer?.login) || textOf(r.reviewer?.slug),
          id: Number(r.reviewer?.id ?? 0)
        }))
      }
    } catch (error) {
      if (status(error) === 404) return undefined
      throw error
    }
  }

  /** The run's review log: every approval or rejection, for any of its environments. */
  async getReviews(runId: number): Promise<Review[]> {
    const { data } = await this.api.call(
      () => this.api.octokit.rest.actions.getReviewsForRun({ ...this.api.ref, run_id: runId }),
      ACTIONS_READ
    )
    return data.map((r) => ({
      login: r.user.login,
      id: r.user.id,
      state: r.state,
      comment: r.comment,
      environments: r.environments.map((e) => e.name ?? '')
    }))
  }

  /** The tag and its signature as GitHub verified it; a lightweight tag is never verified. */
  async getTag(name: string): Promise<Tag> {
    let ref: { type: string; sha: string }
    try {
      const { data } = await this.api.call(() =>
        this.api.octokit.rest.git.getRef({ ...this.api.ref, ref: `tags/${name}` })
      )
      ref = data.object
    } catch (error) {
      if (status(error) !== 404) throw error
      return { name, annotated: false, verified: false, reason: 'no such tag (yet)' }
    }
    if (ref.type !== 'tag')
      return { name, commit: ref.sha, annotated: false, verified: false, reason: 'lightweight tag' }
    const { data } = await this.api.call(() =>
      this.api.octokit.rest.git.getTag({ ...this.api.ref, tag_sha: ref.sha })
    )
    return {
      name,
      commit: data.object.sha,
      annotated: true,
      verified: data.verification?.verified === true,
      reason: data.verification?.reason ?? 'no verification',
      tagger: { name: data.tagger.name, email: data.tagger.email }
    }
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
