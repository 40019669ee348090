/**
 * Tokens and permissions, with GitHub's answers: an unknown token is 401 "Bad credentials", a
 * write without a token is 401 "Requires authentication", a token lacking the permission is 403
 * "Resource not accessible by integration", and a non-public repository is 404 to anonymous
 * readers. Tokens are accepted as `token X` or `Bearer X` and are valid for every repository.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { DOCS, GitHubApiError, notFound } from './errors.js'
import type { Actor, RepoRecord } from './store.js'

export type Level = 'none' | 'read' | 'write'

export interface Permissions {
  contents: 'read' | 'write'
  attestations?: Level
}

export interface Grant {
  token: string
  contents: 'read' | 'write'
  attestations: Level
  actor: Actor
  /** Named in GitHub's primary rate limit message for installation tokens. */
  installationId: number
}

export type Identity = { kind: 'anonymous' } | { kind: 'token'; grant: Grant }

/** What an endpoint needs: contents or attestations, read or write. */
export type Access = 'read' | 'write' | 'attestations:read' | 'attestations:write'

/** GITHUB_TOKEN acts as the github-actions bot. */
export const ACTIONS_BOT: Actor = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export class Tokens {
  private readonly grants = new Map<string, Grant>()

  issue(permissions: Permissions): string {
    const token = 'ghs_' + randomBytes(27).toString('base64url').slice(0, 36)
    this.grants.set(token, {
      token,
      contents: permissions.contents,
      attestations: permissions.attestations ?? 'none',
      actor: ACTIONS_BOT,
      installationId: randomInt(10_000_000, 99_999_999)
    })
    return token
  }

  /** The identity behind an Authorization header; undefined for a token GitHub would not know. */
  identify(header: string | undefined): Identity | undefined {
    if (header === undefined) return { kind: 'anonymous' }
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header)
    const grant = match?.[1] === undefined ? undefined : this.grants.get(match[1])
    return grant && { kind: 'token', grant }
  }
}

export function badCredentials(): GitHubApiError {
  return new GitHubApiError(401, 'Bad credentials', undefined, {}, DOCS)
}

/** Throws GitHub's answer when `identity` may not do `access` on `repo`. */
export function authorize(identity: Identity, repo: RepoRecord, access: Access): void {
  const write = access === 'write' || access === 'attestations:write'
  if (identity.kind === 'anonymous') {
    if (write) throw new GitHubApiError(401, 'Requires authentication')
    if (repo.settings.visibility !== 'public') throw notFound()
    return
  }
  const { grant } = identity
  const held = access.startsWith('attestations') ? grant.attestations : grant.contents
  const needed: Level = write ? 'write' : 'read'
  // Public repositories are readable by any token, whatever it was granted.
  if (!write && repo.settings.visibility === 'public') return
  if (rank(held) < rank(needed)) {
    throw new GitHubApiError(403, 'Resource not accessible by integration')
  }
}

/** Only users with push access see draft releases. */
export function seesDrafts(identity: Identity): boolean {
  return identity.kind === 'token' && identity.grant.contents === 'write'
}

function rank(level: Level): number {
  return level === 'write' ? 2 : level === 'read' ? 1 : 0
}
