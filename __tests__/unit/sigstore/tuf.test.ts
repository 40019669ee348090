/**
 * Trust material from a TUF repository, read in process from the sandbox's repository on loopback
 * by the real client (@sigstore/tuf): targets come back verified, and every attack the repository
 * can serve, a bad initial root, a missing target and an unreachable mirror each become one
 * TRUST_MATERIAL (or INPUT_INVALID) error that names the repository and says what failed.
 */
import { readFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { openTuf, type TufSource } from '../../../src/sigstore/tuf.js'
import { startTufRepository, type TufStandIn } from '../../../sandbox/tuf/service.js'

const TARGETS = { 'trusted_root.json': Buffer.from('{"mediaType":"root"}\n') }
let repo: TufStandIn
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tuf-unit-'))
  repo = await startTufRepository({ name: 'tuf-test', targets: TARGETS, dir })
})
afterEach(() => repo.setFault('none'))
afterAll(async () => {
  await repo.service.close()
})

/** A fresh runner: its own cache, the repository's initial root from a file. */
async function source(overrides: Partial<TufSource> = {}): Promise<TufSource> {
  return {
    mirror: repo.mirror,
    rootPath: repo.rootPath,
    cacheDir: await mkdtemp(join(dir, 'cache-')),
    ...overrides
  }
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

describe('openTuf', () => {
  it("hands out verified targets, from a root file or from the instance's own initial root", async () => {
    const fromFile = await openTuf(await source())
    expect(await fromFile.target('trusted_root.json')).toBe(TARGETS['trusted_root.json'].toString())
    const fromDefault = await openTuf(
      await source({ rootPath: undefined, defaultRoot: await readFile(repo.rootPath) })
    )
    expect(await fromDefault.target('trusted_root.json')).toBe(
      TARGETS['trusted_root.json'].toString()
    )
    expect(fromDefault.mirror).toBe(repo.mirror)
  })

  it.each([
    ['expired', 'its metadata has expired'],
    ['unsigned', 'its metadata is not signed by the keys its root trusts'],
    // The changed targets metadata no longer matches its signature.
    ['tampered', 'its metadata is not signed by the keys its root trusts']
  ] as const)('refuses a repository serving %s metadata: %s', async (fault, what) => {
    repo.setFault(fault)
    const error = await refusal(
      openTuf(await source()).then((tuf) => tuf.target('trusted_root.json'))
    )
    expect(error.code).toBe('TRUST_MATERIAL')
    expect(error.message).toContain(`The TUF repository ${JSON.stringify(repo.mirror)} is refused`)
    expect(error.message).toContain(what)
    expect(error.hint).toContain('under attack')
  })

  it('refuses older metadata than this runner has already seen (a rollback)', async () => {
    const seen = await source()
    await openTuf(seen)
    repo.setFault('rollback')
    const error = await refusal(openTuf(seen).then((tuf) => tuf.target('trusted_root.json')))
    expect(error.message).toContain('(a rollback)')
  })

  it('says which target is missing', async () => {
    const tuf = await openTuf(await source())
    const error = await refusal(tuf.target('signing_config.v0.2.json'))
    expect(error.code).toBe('TRUST_MATERIAL')
    expect(error.message).toContain('(reading "signing_config.v0.2.json")')
    expect(error.message).toContain('a target it should hold is missing')
  })

  it('refuses an initial root that cannot be read or is not TUF root metadata', async () => {
    const missing = await refusal(openTuf(await source({ rootPath: join(dir, 'none.json') })))
    expect(missing.code).toBe('INPUT_INVALID')
    expect(missing.message).toMatch(/^Input 'tuf-root': cannot read /)
    for (const [name, text] of [
      ['targets.json', '{"signed":{"_type":"targets"}}'],
      ['notes.txt', 'not json']
    ] as const) {
      await writeFile(join(dir, name), text)
      const wrong = await refusal(openTuf(await source({ rootPath: join(dir, name) })))
      expect(wrong.code).toBe('TRUST_MATERIAL')
      expect(wrong.message).toContain('is not TUF root metadata')
    }
  })

  it('says a mirror that serves no repository cannot be reached, and to check the network', async () => {
    const wrong = `${repo.mirror}/not-a-repository`
    const error = await refusal(openTuf(await source({ mirror: wrong })))
    expect(error.message).toContain(`The TUF repository ${JSON.stringify(wrong)} is refused`)
    expect(error.message).toContain('it cannot be reached')
    expect(error.hint).toContain("the runner's network")
  })
})
