/**
 * `sigstore: auto`, the default, end to end: the repository's visibility chooses the instance, each
 * instance's trust comes through its TUF repository (the sandbox's, as `tuf-mirror`/`tuf-root`),
 * and GitHub Enterprise Server is refused with the fix.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import type { AssetJson, ReleaseJson } from '../../sandbox/releases-client.js'
import { fulcioCalls, useSandbox, writes } from '../helpers/sandbox.js'
import { verifyOnGitHubInstance, verifyWithSigstoreJs } from '../helpers/verify.js'

const t = useSandbox()

/** Inputs as a real run passes them (no `sigstore`: the default), but for the TUF repository. */
function autoInputs(repo: 'publicGood' | 'github'): Record<string, string> {
  return {
    sigstore: '',
    'signing-config': '',
    'trusted-root': '',
    'tuf-mirror': t.sandbox.state.tuf[repo].mirror,
    'tuf-root': t.sandbox.state.tuf[repo].rootPath
  }
}

function rekorRequests(): number {
  return t.sandbox.requests().filter((r) => r.service === 'rekor').length
}

let tagCount = 0
async function draftWith(name: string, content: string): Promise<ReleaseJson> {
  const release = await t.gh.createRelease(`v8.${++tagCount}.0`)
  await t.gh.upload(release, name, content)
  return release
}

async function bundleAndData(releaseId: number, name: string): Promise<[string, Buffer]> {
  const all = await t.gh.assets(releaseId)
  const asset = all.find((a) => a.name === name) as AssetJson
  const bundle = all.find((a) => a.name === `${name}.sigstore.json`)
  expect(bundle).toBeDefined()
  return [(await t.gh.download(bundle as AssetJson)).toString(), await t.gh.download(asset)]
}

async function runIn(
  visibility: 'public' | 'private' | 'internal',
  inputs: Record<string, string>,
  env: Record<string, string> = {}
) {
  await t.sandbox.setContext({ visibility })
  try {
    t.sandbox.clearRequests()
    return await runAction(t.sandbox, inputs, {
      RUNNER_TEMP: await mkdtemp(join(tmpdir(), 'runner-temp-')),
      ...env
    })
  } finally {
    await t.sandbox.setContext({ visibility: 'public' })
  }
}

describe('sigstore: auto', () => {
  it.each(['private', 'internal'] as const)(
    "signs the %s repository on GitHub's instance through its TUF repository, with nothing sent to a log",
    async (visibility) => {
      const release = await draftWith('app.tar.gz', `${visibility} build`)
      const run = await runIn(visibility, {
        'release-id': String(release.id),
        ...autoInputs('github')
      })
      expect(errorsOf(run)).toBe('')
      expect(run.stdout).toContain(`Sigstore: github (Fulcio ${t.sandbox.state.sigstore.fulcioUrl}`)
      expect(run.stdout).toContain(`the repository is ${visibility}`)
      expect(rekorRequests()).toBe(0)
      expect(fulcioCalls(t.sandbox)).toBe(1)
      expect(run.summary).toContain('Sigstore instance: <code>github</code>')
      expect(run.summary).toContain(`the repository is ${visibility}`)
      const [bundle, data] = await bundleAndData(release.id, 'app.tar.gz')
      verifyOnGitHubInstance(t.sandbox, bundle, data)
    }
  )

  it('signs a public repository on public-good through its TUF repository', async () => {
    const release = await draftWith('lib.zip', 'public build')
    const run = await runIn('public', {
      'release-id': String(release.id),
      ...autoInputs('publicGood')
    })
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain('Sigstore: public-good')
    expect(run.stdout).toContain('the repository is public')
    expect(rekorRequests()).toBeGreaterThan(0)
    expect(run.summary).toContain('Sigstore instance: <code>public-good</code>')
    const [bundle, data] = await bundleAndData(release.id, 'lib.zip')
    verifyWithSigstoreJs(t.sandbox, bundle, data)
  })

  it('signs a private repository on public-good with private-repository: true', async () => {
    const release = await draftWith('opt.zip', 'opted in')
    const run = await runIn('private', {
      'release-id': String(release.id),
      'private-repository': 'true',
      ...autoInputs('publicGood')
    })
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain('Sigstore: public-good')
    expect(rekorRequests()).toBeGreaterThan(0)
    const [bundle, data] = await bundleAndData(release.id, 'opt.zip')
    verifyWithSigstoreJs(t.sandbox, bundle, data)
  })
})

describe('GitHub Enterprise Server', () => {
  it.each(['', 'github'])(
    'refuses sigstore: %p without a TUF repository, naming the fix, before anything is signed or written',
    async (sigstore) => {
      const release = await draftWith('e.bin', 'enterprise')
      const run = await runIn(
        'private',
        { 'release-id': String(release.id), sigstore, 'signing-config': '', 'trusted-root': '' },
        { GITHUB_SERVER_URL: 'https://ghes.example.com' }
      )
      expect(codeOf(run)).toBe('INPUT_INVALID')
      expect(errorsOf(run)).toContain('GitHub Enterprise Server')
      expect(errorsOf(run)).toContain('sigstore: custom')
      expect(errorsOf(run)).toContain('tuf-mirror')
      expect(fulcioCalls(t.sandbox)).toBe(0)
      expect(writes(t.sandbox)).toBe(0)
    }
  )
})
