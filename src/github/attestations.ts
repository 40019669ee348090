/**
 * GitHub's attestations API for one repository: bundles stored by subject digest. Where the API
 * does not exist (user-owned private repositories, GitHub Enterprise Server) or the token may not
 * write to it, the answer says so in GitHub's terms, and the caller decides whether that matters.
 */
import { messageOf } from '../errors.js'
import { status } from './errors.js'
import type { RepoApi } from './repo-api.js'

const ATTESTATIONS = { permission: 'attestations: write' }

/** The API refused to store a bundle for a reason the user can act on. */
export class AttestationsRefused extends Error {
  constructor(
    readonly httpStatus: number,
    /** Why, in words. */
    readonly why: string,
    options: { cause: unknown }
  ) {
    super(`HTTP ${httpStatus}: ${why}`, options)
    this.name = 'AttestationsRefused'
  }
}

export class AttestationsClient {
  constructor(private readonly api: RepoApi) {}

  /** Stores a bundle; returns the attestation's id. */
  async create(bundle: unknown): Promise<number> {
    try {
      const { data } = await this.api.call(
        () =>
          this.api.octokit.request('POST /repos/{owner}/{repo}/attestations', {
            ...this.api.ref,
            bundle
          } as never),
        ATTESTATIONS
      )
      return (data as { id: number }).id
    } catch (error) {
      throw refusal(error) ?? error
    }
  }

  /**
   * Bundles the API holds for a subject digest (`sha256:<hex>`), or undefined where the API is
   * not available.
   */
  async list(subjectDigest: string, predicateType?: string): Promise<unknown[] | undefined> {
    try {
      const { data } = await this.api.call(
        () =>
          this.api.octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
            ...this.api.ref,
            subject_digest: subjectDigest,
            ...(predicateType ? { predicate_type: predicateType } : {})
          }),
        ATTESTATIONS
      )
      return ((data as { attestations?: { bundle?: unknown }[] }).attestations ?? []).map(
        (a) => a.bundle
      )
    } catch (error) {
      if (status(error) === 404) return undefined
      throw error
    }
  }

  /** Where an attestation is shown on the web. */
  webUrl(serverUrl: string, id: number): string {
    return `${serverUrl.replace(/\/+$/, '')}/${this.api.slug()}/attestations/${id}`
  }
}

function refusal(error: unknown): AttestationsRefused | undefined {
  const code = status(error)
  if (code === undefined) return undefined
  const unavailable = code === 404 || (code === 422 && /not available/i.test(messageOf(error)))
  const why = unavailable
    ? "the attestations API is not available for this repository (user-owned private repositories and GitHub Enterprise Server don't have it)"
    : code === 403
      ? "the token may not write attestations: grant 'attestations: write'"
      : undefined
  return why ? new AttestationsRefused(code, why, { cause: error }) : undefined
}
