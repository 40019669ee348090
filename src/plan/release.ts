/** Which release to sign: by id, by tag (drafts included), or from the event that triggered the run. */
import { UserError } from '../errors.js'
import type { GitHubRepo } from '../github/index.js'
import type { Release } from '../github/releases.js'
import { quote } from '../util/format.js'

export interface EventContext {
  eventName: string
  /** GITHUB_REF, e.g. refs/tags/v1.0.0. */
  ref: string
  /** The event payload (GITHUB_EVENT_PATH's content). */
  payload: Record<string, unknown>
}

/** By id (with the tag it must carry, when `tag` was given too) or by tag. */
export type ReleaseTarget = { id: number; tag?: string } | { tag: string }

export function releaseTarget(
  input: { releaseId?: number; tag?: string },
  event: EventContext
): ReleaseTarget {
  if (input.releaseId !== undefined)
    return input.tag ? { id: input.releaseId, tag: input.tag } : { id: input.releaseId }
  if (input.tag) return { tag: input.tag }
  const release = event.payload.release as { id?: unknown } | undefined
  if (event.eventName === 'release' && typeof release?.id === 'number') return { id: release.id }
  if (event.ref.startsWith('refs/tags/')) return { tag: event.ref.slice('refs/tags/'.length) }
  throw new UserError(
    'RELEASE',
    `No release to sign: the '${event.eventName}' event on ${event.ref || 'no ref'} names none`,
    "pass 'release-id' or 'tag', or run on a release event or a tag push"
  )
}

export async function resolveRelease(
  github: Pick<GitHubRepo, 'releases' | 'slug'>,
  target: ReleaseTarget
): Promise<Release> {
  let release: Release
  if ('id' in target) {
    release = await github.releases.get(target.id)
    // Both given: a mismatch is a workflow passing the wrong id or tag, not a reason to pick one.
    if (target.tag !== undefined && release.tagName !== target.tag) {
      throw new UserError(
        'INPUT_CONFLICT',
        `Inputs 'release-id' and 'tag' disagree: release ${target.id} has tag ${quote(release.tagName)}, not ${quote(target.tag)}`,
        "pass only one of 'release-id' and 'tag', or the id of the release with that tag"
      )
    }
  } else {
    const found = await github.releases.findByTag(target.tag)
    if (!found) {
      throw new UserError(
        'RELEASE',
        `No release with tag '${target.tag}' in ${github.slug} (drafts included)`,
        'create the release (a draft is best) before this step, or pass the right tag'
      )
    }
    release = found
  }
  return release
}
