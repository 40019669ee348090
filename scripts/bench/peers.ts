/**
 * `npm run bench -- peers`: N = 1, 10, 30 and 100 assets of 1 MiB already on a draft, with the
 * sandbox answering as slowly as the real services (Fulcio 300 ms, Rekor 500 ms, TSA 100 ms, each
 * GitHub request 100 ms). In one run: the action; a loop of `cosign sign-blob --bundle` per file
 * plus a `curl` upload of each bundle (what goreleaser and hand-written workflows do);
 * `sigstore sign` over all files at once plus the uploads (what gh-action-sigstore-python does).
 * The peers get the files locally for free; the action downloads and hashes them from the release.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Sandbox } from '../../sandbox/index.js'
import type { ServiceLatency } from '../../sandbox/http/faults.js'
import { GitHubHelper, type ReleaseJson } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import {
  BENCH_INPUTS,
  benchSandbox,
  COSIGN,
  MIB,
  q,
  ratio,
  run,
  seconds,
  shell,
  SIGSTORE_PYTHON,
  sigstoreRequests,
  timed,
  trace,
  warmUp
} from './common.js'

export const LATENCY: ServiceLatency = {
  fulcio: 300,
  rekor: 500,
  'rekor-v2': 500,
  tsa: 100,
  github: 100,
  uploads: 100,
  web: 100
}

export interface ToolRun {
  ms: number
  fulcio: number
  rekor: number
  tsa: number
}

export interface PeersRow {
  n: number
  action: ToolRun
  cosign: ToolRun
  sigstorePython: ToolRun
}

export interface PeersResult {
  rows: PeersRow[]
  summary: string
}

/**
 * GitHub's limit of 80 writes a minute, with the minute scaled down to a second (the action told
 * the same): at N = 100 the action still paces its uploads, without waiting a whole minute, and the
 * peers' uploads (one at a time, 100 ms each) stay under it. The primary limit is not the subject.
 */
const WINDOW_MS = 1000

export async function benchPeers(counts: number[]): Promise<PeersResult> {
  const sandbox = await benchSandbox({
    latency: LATENCY,
    secondaryLimits: { perMinute: 80, perHour: 500, windowScale: WINDOW_MS / 60_000 },
    primaryLimit: 1_000_000
  })
  try {
    await warmUp(sandbox, { SIGN_RELEASE_RATE_WINDOW_MS: String(WINDOW_MS) })
    const rows: PeersRow[] = []
    for (const n of counts) {
      const row = await one(sandbox, n)
      rows.push(row)
      const show = (name: string, r: ToolRun): string =>
        `${name} ${seconds(r.ms)} s (fulcio ${r.fulcio}, rekor ${r.rekor}, tsa ${r.tsa})`
      console.log(
        `N=${n}: ${show('action', row.action)}; ${show('cosign loop', row.cosign)}; ${show('sigstore-python', row.sigstorePython)}`
      )
    }
    const at30 = rows.find((r) => r.n === 30) ?? rows.at(-1)
    if (!at30) throw new Error('no N to run')
    return {
      rows,
      summary:
        `peers: N=${at30.n} action ${seconds(at30.action.ms)}s, ` +
        `cosign loop ${seconds(at30.cosign.ms)}s (${ratio(at30.cosign.ms, at30.action.ms)}x), ` +
        `sigstore-python ${seconds(at30.sigstorePython.ms)}s (${ratio(at30.sigstorePython.ms, at30.action.ms)}x); ` +
        `fulcio requests ${at30.action.fulcio}`
    }
  } finally {
    await sandbox.close()
  }
}

async function one(sandbox: Sandbox, n: number): Promise<PeersRow> {
  const gh = new GitHubHelper(sandbox)
  const dir = join(sandbox.dir, `peers-${n}`)
  await mkdir(dir, { recursive: true })
  const names = Array.from({ length: n }, (_, i) => `app-${String(i).padStart(3, '0')}.bin`)
  const releases: ReleaseJson[] = []
  for (const tool of ['action', 'cosign', 'python']) {
    const release = await gh.createRelease(`peers-${n}-${tool}`)
    releases.push(release)
  }
  for (const name of names) {
    const bytes = randomBytes(MIB)
    await writeFile(join(dir, name), bytes)
    for (const release of releases)
      await sandbox.github.uploadAsset(gh.repository, release.id, name, bytes)
  }
  const [forAction, forCosign, forPython] = releases as [ReleaseJson, ReleaseJson, ReleaseJson]

  const measure = async (work: () => Promise<void>): Promise<ToolRun> => {
    sandbox.clearRequests()
    const { ms } = await timed(work)
    return { ms, ...sigstoreRequests(sandbox) }
  }
  const action = await measure(async () => {
    const result = await runAction(
      sandbox,
      { ...BENCH_INPUTS, 'release-id': String(forAction.id) },
      { SIGN_RELEASE_RATE_WINDOW_MS: String(WINDOW_MS) },
      { onOutput: trace() }
    )
    if (result.code !== 0) throw new Error(`the action failed: ${errorsOf(result)}`)
  })
  const { signingConfigPath, trustedRootPath, trustConfigPath } = sandbox.state.sigstore
  const cosign = await measure(async () => {
    const token = await idToken(sandbox)
    for (const name of names) {
      const file = join(dir, name)
      await run(COSIGN, [
        'sign-blob',
        '--yes',
        '--bundle',
        `${file}.cosign.sigstore.json`,
        '--signing-config',
        signingConfigPath,
        '--trusted-root',
        trustedRootPath,
        '--identity-token',
        token,
        file
      ])
      await upload(sandbox, forCosign, `${file}.cosign.sigstore.json`, `${name}.sigstore.json`)
    }
  })
  const sigstorePython = await measure(async () => {
    const token = await idToken(sandbox)
    const files = names.map((name) => join(dir, name))
    await run(SIGSTORE_PYTHON, [
      '-m',
      'sigstore',
      '--trust-config',
      trustConfigPath,
      'sign',
      '--overwrite',
      '--identity-token',
      token,
      ...files
    ])
    for (const [i, file] of files.entries())
      await upload(sandbox, forPython, `${file}.sigstore.json`, `${names[i]}.sigstore.json`)
  })
  return { n, action, cosign, sigstorePython }
}

/** The job's OIDC token for Sigstore, fetched as a workflow step would (from the token service). */
async function idToken(sandbox: Sandbox): Promise<string> {
  const { requestUrl, requestToken } = sandbox.state.oidc
  const response = await fetch(`${requestUrl}&audience=sigstore`, {
    headers: { authorization: `bearer ${requestToken}` }
  })
  if (!response.ok) throw new Error(`OIDC token: HTTP ${response.status}`)
  return ((await response.json()) as { value: string }).value
}

async function upload(
  sandbox: Sandbox,
  release: ReleaseJson,
  path: string,
  name: string
): Promise<void> {
  const url = release.upload_url.replace(/\{\?name,label\}$/, `?name=${encodeURIComponent(name)}`)
  await shell(
    `curl -sSf -o /dev/null -X POST --data-binary @${q(path)} ` +
      `-H ${q(`authorization: token ${sandbox.state.github.token}`)} -H 'content-type: application/json' ${q(url)}`
  )
}
