/** Where `sign-release verify` reads a release from: a download directory, or GitHub itself. */
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { messageOf } from '../errors.js'
import { createOctokit } from '../github/octokit.js'
import { isNotFound } from '../github/errors.js'
import { connectRepository } from '../github/index.js'
import { silentLog } from '../log.js'
import type { ReleaseFiles } from '../verify/release.js'
import { splitRepository } from '../identity.js'
import { RELEASE_ATTESTATION_TYPE } from '../intoto.js'
import { usageError } from './errors.js'

export async function directoryFiles(dir: string): Promise<ReleaseFiles> {
  let entries: string[]
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory')
    entries = await readdir(dir)
  } catch (error) {
    throw usageError(`--dir ${dir}: ${messageOf(error)}`)
  }
  const names: string[] = []
  for (const name of entries) if ((await stat(join(dir, name))).isFile()) names.push(name)
  return {
    names,
    open: (name) =>
      Promise.resolve(createReadStream(join(dir, name), { highWaterMark: 1024 * 1024 }))
  }
}

/** A release read from GitHub: its files, and GitHub's own release attestations of it. */
export interface GitHubReleaseFiles extends ReleaseFiles {
  /**
   * The bundles GitHub's attestations API holds with the release predicate under a digest; none
   * for a release that is not immutable, or where the API is absent.
   */
  releaseAttestations(subjectDigest: string): Promise<unknown[]>
}

export async function githubFiles(
  repository: string,
  tag: string,
  apiUrl: string,
  token: string
): Promise<GitHubReleaseFiles> {
  const ref = splitRepository(repository)
  if (!ref) throw usageError(`--repo ${repository}: expected OWNER/REPO`)
  const github = connectRepository(
    createOctokit({ token, apiUrl, log: silentLog, retries: 2 }).octokit,
    ref
  )
  try {
    const release = await github.releases.findByTag(tag)
    if (!release)
      throw usageError(
        `no release with tag '${tag}' in ${repository}${token ? '' : ' (drafts need a token: set GITHUB_TOKEN)'}`
      )
    const assets = await github.assets.list(release.id)
    const byName = new Map(assets.map((a) => [a.name, a]))
    return {
      names: assets.filter((a) => a.state === 'uploaded').map((a) => a.name),
      open: (name) => github.assets.open({ id: byName.get(name)?.id ?? -1, name }),
      releaseAttestations: async (digest) => {
        if (!release.immutable) return []
        return (await github.attestations.list(digest, RELEASE_ATTESTATION_TYPE)) ?? []
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'CliError') throw error
    throw usageError(
      isNotFound(error)
        ? `${repository} was not found (private repositories need a token: set GITHUB_TOKEN)`
        : `cannot read the release from ${apiUrl}: ${messageOf(error)}`
    )
  }
}
