/**
 * Trust material from a TUF repository (like `cosign initialize --mirror --root`): @sigstore/tuf
 * verifies the metadata from the initial root on, caches it per mirror under the runner's temp
 * directory, and hands out targets. Whatever fails (expiry, signatures, rollback, the network)
 * becomes one TRUST_MATERIAL error that names the repository and what failed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { initTUF, type TUF } from '@sigstore/tuf'
import { UserError, messageOf } from '../errors.js'
import { quote } from '../util/format.js'

export interface TufSource {
  /** Base URL of the repository. */
  mirror: string
  /** File of the initial root metadata given by the user (`tuf-root`). */
  rootPath?: string
  /** The instance's own initial root, used when the user gave none. */
  defaultRoot?: Buffer
  /** Where TUF caches metadata and targets (RUNNER_TEMP on a runner). */
  cacheDir: string
}

export interface TufRepository {
  mirror: string
  /** A target's text; throws TRUST_MATERIAL when the repository has no such target. */
  target(name: string): Promise<string>
}

export async function openTuf(source: TufSource): Promise<TufRepository> {
  const rootPath = source.rootPath
    ? await checkedRoot(source.rootPath)
    : source.defaultRoot && (await writeDefaultRoot(source))
  let tuf: TUF
  try {
    tuf = await initTUF({
      mirrorURL: source.mirror,
      rootPath,
      cachePath: source.cacheDir,
      retry: 3,
      timeout: 10000
    })
  } catch (error) {
    throw tufError(source.mirror, error)
  }
  return {
    mirror: source.mirror,
    target: async (name) => {
      try {
        return await tuf.getTarget(name)
      } catch (error) {
        throw tufError(source.mirror, error, name)
      }
    }
  }
}

/** The user's initial root: a readable JSON file of TUF root metadata. */
async function checkedRoot(path: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UserError(
      'INPUT_INVALID',
      `Input 'tuf-root': cannot read ${quote(path)}: ${messageOf(error)}`,
      "give the path of the repository's root.json"
    )
  }
  let type: unknown
  try {
    type = (JSON.parse(text) as { signed?: { _type?: unknown } } | null)?.signed?._type
  } catch {
    type = undefined
  }
  if (type !== 'root') {
    throw new UserError(
      'TRUST_MATERIAL',
      `Input 'tuf-root': ${quote(path)} is not TUF root metadata`,
      "give the repository's root.json (a signed root role, e.g. its 1.root.json)"
    )
  }
  return path
}

async function writeDefaultRoot(source: TufSource): Promise<string> {
  const dir = join(source.cacheDir, 'initial-roots')
  await mkdir(dir, { recursive: true })
  const path = join(dir, `${encodeURIComponent(source.mirror)}.root.json`)
  await writeFile(path, source.defaultRoot ?? '')
  return path
}

const UNREACHABLE = 'it cannot be reached'

/** What went wrong, in words, from tuf-js' error chain. */
function failure(error: unknown): string {
  const messages = chain(error).join('\n')
  if (/expired/i.test(messages)) return 'its metadata has expired'
  if (/signed by \d+\/\d+ keys|signature/i.test(messages))
    return 'its metadata is not signed by the keys its root trusts'
  if (/less than current version|does not match snapshot version|Expected version/.test(messages))
    return 'it serves older metadata than this runner has already seen (a rollback)'
  if (/length|hash/i.test(messages)) return 'a file does not match its signed length or hash'
  if (/not found/.test(messages)) return 'a target it should hold is missing'
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|timeout|abort|Failed to download|HTTP/i.test(messages))
    return UNREACHABLE
  return 'its metadata cannot be used'
}

function tufError(mirror: string, error: unknown, target?: string): UserError {
  const detail = chain(error).at(-1) ?? messageOf(error)
  const what = failure(error)
  return new UserError(
    'TRUST_MATERIAL',
    `The TUF repository ${quote(mirror)} is refused${target ? ` (reading ${quote(target)})` : ''}: ${what}: ${quote(detail)}`,
    what === UNREACHABLE
      ? "check 'tuf-mirror' and the runner's network, then re-run the job"
      : "check 'tuf-mirror' and 'tuf-root'; if they are right, the repository is broken or under attack: do not sign until it is fixed",
    { cause: error }
  )
}

/** Messages of an error and its causes, outermost first. */
function chain(error: unknown): string[] {
  const messages: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    messages.push(messageOf(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return messages
}
