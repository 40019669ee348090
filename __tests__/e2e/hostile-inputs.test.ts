/**
 * Bad and hostile input, end to end: every case runs the action (`node dist/index.js`) against the
 * sandbox, in a workspace that holds what a runner's checkout holds (a token in .git/config,
 * dotfiles, a build directory, links that lead out), and must be refused with its code, an error
 * that names the input, and nothing written: the release is as it was, no certificate was asked for,
 * and no secret from the workspace is printed.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ErrorCode } from '../../src/errors.js'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { codeOf, errorsOf, runAction } from '../../sandbox/runner.js'
import { fulcioCalls, startTestSandbox, writes } from '../helpers/sandbox.js'

/**
 * Printed nowhere, ever: each sits in a file some case points at. A file that is not JSON starts with
 * its secret, since JSON.parse's own message would quote the first ten characters.
 */
const SECRETS = {
  gitConfig: 'ghs_gitConfigToken0001',
  outside: 'outside-secret-0002',
  dotenv: 'dotenv-secret-0003',
  notJson: 'sbomSecret'
}

/** The workspace, relative to its root. Links point at paths relative to the link. */
const WORKSPACE: Record<string, string | { link: string }> = {
  '.git/config': `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${SECRETS.gitConfig}\n`,
  '.env': `TOKEN=${SECRETS.dotenv}\n`,
  'dist/app.bin': 'app',
  'dist/.hidden': 'hidden',
  'dist/escape.bin': { link: '../../outside/secret' },
  'linked-out': { link: '../outside' },
  'bom-out.json': { link: '../outside/bom.json' },
  'secret.json': `${SECRETS.notJson}=4\n`,
  'not-a-bom.json': '{"hello": "world"}',
  'null.json': 'null'
}

/** Beside the workspace, reachable only by leaving it. */
const OUTSIDE: Record<string, string> = {
  secret: SECRETS.outside,
  'bom.json': '{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}'
}

/**
 * Trust files for `sigstore: custom`, in a directory of their own (`{trust}` in the inputs).
 * `{root}` stands for the sandbox's trusted root, parsed.
 */
const TRUST: Record<string, string | ((root: Record<string, unknown>) => string)> = {
  'null.json': 'null',
  'array.json': '[]',
  'not-json.json': `${SECRETS.notJson}=5`,
  'no-ca-root.json': (root) => JSON.stringify({ ...root, certificateAuthorities: [] })
}

interface HostileCase {
  name: string
  /** Over the sandbox's inputs and `release-id` of a fresh draft; `{trust}` is TRUST's directory. */
  inputs: Record<string, string>
  /** The input the error must name. */
  input: string
  code: ErrorCode
}

const CASES: HostileCase[] = [
  // Which release
  {
    name: 'release-id in hexadecimal',
    inputs: { 'release-id': '0x2dc6c3' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id as a float with an exponent',
    inputs: { 'release-id': '1e3' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id with a fraction',
    inputs: { 'release-id': '12.0' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'negative release-id',
    inputs: { 'release-id': '-12' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id zero',
    inputs: { 'release-id': '0' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'release-id with a space inside',
    inputs: { 'release-id': '12 34' },
    input: 'release-id',
    code: 'INPUT_INVALID'
  },
  {
    name: 'tag that is not the tag of release-id',
    inputs: { tag: 'v-some-other-release' },
    input: 'tag',
    code: 'INPUT_CONFLICT'
  },
  // Options
  {
    name: 'boolean spelled yes',
    inputs: { publish: 'yes' },
    input: 'publish',
    code: 'INPUT_INVALID'
  },
  {
    name: 'boolean spelled on',
    inputs: { 'dry-run': 'on' },
    input: 'dry-run',
    code: 'INPUT_INVALID'
  },
  {
    name: 'unknown on-existing',
    inputs: { 'on-existing': 'overwrite' },
    input: 'on-existing',
    code: 'INPUT_INVALID'
  },
  {
    name: 'unknown sidecar kind',
    inputs: { sidecars: 'bundle,asc' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'sidecars that name nothing',
    inputs: { sidecars: ',' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  {
    name: 'sidecars mixing none with a kind',
    inputs: { sidecars: 'none,sig' },
    input: 'sidecars',
    code: 'INPUT_INVALID'
  },
  // Names of the files this action writes
  {
    name: 'checksums named as the provenance',
    inputs: { provenance: 'true', checksums: 'multiple.intoto.jsonl' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums named as the SBOM statement',
    inputs: { checksums: 'sbom.intoto.jsonl', sbom: 'dist/app.bin' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums GitHub would rename',
    inputs: { checksums: 'my sums.txt' },
    input: 'checksums',
    code: 'INPUT_INVALID'
  },
  {
    name: 'provenance-name with a directory',
    inputs: { provenance: 'true', 'provenance-name': 'out/provenance.jsonl' },
    input: 'provenance-name',
    code: 'INPUT_INVALID'
  },
  {
    name: 'checksums named ..',
    inputs: { checksums: '..' },
    input: 'checksums',
    code: 'INPUT_INVALID'
  },
  {
    name: 'checksums ending like a signature',
    inputs: { checksums: 'SHA256SUMS.sig' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'provenance-name ending like a bundle',
    inputs: { provenance: 'true', 'provenance-name': 'release.sigstore.json' },
    input: 'provenance-name',
    code: 'INPUT_CONFLICT'
  },
  {
    name: 'checksums ending like an interrupted upload',
    inputs: { checksums: 'SUMS.sign-release-tmp' },
    input: 'checksums',
    code: 'INPUT_CONFLICT'
  },
  // Local files
  {
    name: 'files: the whole workspace',
    inputs: { files: '.' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  { name: 'files: a directory', inputs: { files: 'dist' }, input: 'files', code: 'WORKSPACE_FILE' },
  {
    name: 'files: .git/config named explicitly',
    inputs: { files: '.git/config' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that reaches into .git',
    inputs: { files: '.*/config' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a parent path',
    inputs: { files: '../outside/secret' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: an absolute path',
    inputs: { files: '/etc/passwd' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a link to a file outside',
    inputs: { files: 'dist/escape.bin' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that matches a link outside',
    inputs: { files: 'dist/*' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob through a linked directory outside',
    inputs: { files: 'linked-out/*' },
    input: 'files',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'files: a glob that matches nothing',
    inputs: { files: 'dist/*.none' },
    input: 'files',
    code: 'NO_SUBJECTS'
  },
  // The SBOM
  {
    name: 'sbom: a parent path',
    inputs: { sbom: '../outside/bom.json' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: an absolute path',
    inputs: { sbom: '/etc/passwd' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: a link outside',
    inputs: { sbom: 'bom-out.json' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  {
    name: 'sbom: .git/config',
    inputs: { sbom: '.git/config' },
    input: 'sbom',
    code: 'WORKSPACE_FILE'
  },
  { name: 'sbom: a directory', inputs: { sbom: 'dist' }, input: 'sbom', code: 'WORKSPACE_FILE' },
  { name: 'sbom: not JSON', inputs: { sbom: 'secret.json' }, input: 'sbom', code: 'INPUT_INVALID' },
  { name: 'sbom: JSON null', inputs: { sbom: 'null.json' }, input: 'sbom', code: 'INPUT_INVALID' },
  {
    name: 'sbom: JSON that is no SBOM',
    inputs: { sbom: 'not-a-bom.json' },
    input: 'sbom',
    code: 'INPUT_INVALID'
  },
  // Trust material
  {
    name: 'signing-config of null',
    inputs: { 'signing-config': '{trust}/null.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is an array',
    inputs: { 'signing-config': '{trust}/array.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is not JSON',
    inputs: { 'signing-config': '{trust}/not-json.json' },
    input: 'signing-config',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'signing-config that is missing',
    inputs: { 'signing-config': '{trust}/none.json' },
    input: 'signing-config',
    code: 'INPUT_INVALID'
  },
  {
    name: 'trusted-root of null',
    inputs: { 'trusted-root': '{trust}/null.json' },
    input: 'trusted-root',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'trusted-root without certificate authorities',
    inputs: { 'trusted-root': '{trust}/no-ca-root.json' },
    input: 'trusted-root',
    code: 'TRUST_MATERIAL'
  },
  {
    name: 'sigstore: custom without its files',
    inputs: { 'signing-config': '', 'trusted-root': '' },
    input: 'sigstore',
    code: 'INPUT_INVALID'
  },
  {
    name: 'trusted-root without sigstore: custom',
    inputs: { sigstore: 'public-good' },
    input: 'signing-config',
    code: 'INPUT_INVALID'
  }
]

let sandbox: Sandbox
let gh: GitHubHelper
let workspace: string
let trust: string

beforeAll(async () => {
  sandbox = await startTestSandbox()
  gh = new GitHubHelper(sandbox)
  const top = await mkdtemp(join(tmpdir(), 'hostile-'))
  workspace = join(top, 'ws')
  trust = join(top, 'trust')
  await put(join(top, 'outside'), OUTSIDE)
  await put(workspace, WORKSPACE)
  const root = JSON.parse(await readFile(sandbox.state.sigstore.trustedRootPath, 'utf8')) as Record<
    string,
    unknown
  >
  await put(
    trust,
    Object.fromEntries(
      Object.entries(TRUST).map(([name, content]) => [
        name,
        typeof content === 'string' ? content : content(root)
      ])
    )
  )
})
afterAll(async () => {
  await sandbox.close()
})

async function put(dir: string, files: Record<string, string | { link: string }>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name)
    await mkdir(dirname(path), { recursive: true })
    if (typeof content === 'string') await writeFile(path, content)
    else await symlink(content.link, path)
  }
}

let tagCount = 0

describe('hostile inputs are refused before anything is written', () => {
  it.each(CASES)('$name: $code', async ({ inputs, input, code }) => {
    const release = await gh.createRelease(`v9.${++tagCount}.0`)
    await gh.upload(release, 'app.tar.gz', 'the user asset')
    const before = await gh.assets(release.id)
    sandbox.clearRequests()
    const run = await runAction(
      sandbox,
      Object.fromEntries(
        Object.entries({ 'release-id': String(release.id), ...inputs }).map(([k, v]) => [
          k,
          v.replace('{trust}', trust)
        ])
      ),
      { GITHUB_WORKSPACE: workspace }
    )
    expect(run.code).not.toBe(0)
    expect(codeOf(run)).toBe(code)
    expect(errorsOf(run)).toContain(`'${input}'`)
    expect(writes(sandbox)).toBe(0)
    expect(fulcioCalls(sandbox)).toBe(0)
    expect(await gh.assets(release.id)).toEqual(before)
    expect((await gh.release(release.id)).draft).toBe(true)
    for (const secret of Object.values(SECRETS)) {
      expect(run.stdout).not.toContain(secret)
      expect(run.stderr).not.toContain(secret)
    }
  })

  it('takes a dotfile when the pattern names it, and only a directory its glob names', async () => {
    // The workspace above is not hostile to a pattern that stays inside it.
    const release = await gh.createRelease(`v9.${++tagCount}.0`)
    const run = await runAction(
      sandbox,
      { 'release-id': String(release.id), files: 'dist/app.bin\ndist/.hidden', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: workspace }
    )
    expect(errorsOf(run)).toBe('')
    expect(run.stdout).toContain('app.bin: sha256')
    expect(run.stdout).toContain('default.hidden: sha256')
  })
})
