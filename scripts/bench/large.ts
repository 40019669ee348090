/**
 * `npm run bench -- large`: a 1 GiB and a 2 GiB asset, each signed by the action as a runner starts
 * it: already on the release (downloaded through the API and its redirect to storage, hashed,
 * signed; five runs, the median counts), and given as `files:` (uploaded from local bytes, then
 * signed; three runs taking turns with the curl upload, the medians count). Baselines from the
 * same run: `curl … | openssl dgst -sha256` over the same sandbox URL, `openssl dgst -sha256` on the
 * file, and `openssl dgst` plus a `curl` upload of the file to the same server.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Sandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'
import { makeFile } from '../make-file.js'
import {
  BENCH_INPUTS,
  benchSandbox,
  GIB,
  median,
  medianOf,
  MIB,
  q,
  ratio,
  seconds,
  shell,
  trace,
  warmUp
} from './common.js'

export interface LargeRow {
  gib: number
  /** `curl -L` of the asset to /dev/null: the sandbox's own speed. */
  downloadMs: number
  /** `dd` of the file to a new file where the sandbox stores assets: the machine's write speed. */
  storageWriteMs?: number
  opensslMs: number
  curlOpensslMs: number
  onReleaseMs: number
  uploadBaselineMs: number
  filesMs: number
  peakRssOnRelease: number
  peakRssFiles: number
}

export interface LargeResult {
  rows: LargeRow[]
  summary: string
}

/**
 * Runs of each fast measurement (the action on the release and the download baselines): the median
 * counts. Five, as one run in a few on this VM is slower by a tenth or more, in either contender.
 */
export const LARGE_RUNS = 5

/** Interleaved runs of the `files:` contender and its upload baseline: the medians count. */
export const FILES_RUNS = 3

export async function benchLarge(sizes: number[]): Promise<LargeResult> {
  const sandbox = await benchSandbox()
  try {
    await warmUp(sandbox)
    const rows: LargeRow[] = []
    for (const gib of sizes) rows.push(await one(sandbox, gib))
    const first = rows[0] as LargeRow
    const peak = Math.max(...rows.flatMap((r) => [r.peakRssOnRelease, r.peakRssFiles]))
    return {
      rows,
      summary:
        `large: ${first.gib}GiB on-release ${seconds(first.onReleaseMs)}s = ` +
        `${ratio(first.onReleaseMs, first.curlOpensslMs)}x curl|openssl, ` +
        `${ratio(first.onReleaseMs, first.opensslMs)}x openssl; ` +
        `files: ${ratio(first.filesMs, first.uploadBaselineMs)}x; peak RSS ${(peak / MIB).toFixed(0)} MiB`
    }
  } finally {
    await sandbox.close()
  }
}

async function one(sandbox: Sandbox, gib: number): Promise<LargeRow> {
  const gh = new GitHubHelper(sandbox)
  const { token, apiUrl } = sandbox.state.github
  const name = `asset-${gib}GiB.bin`
  const path = join(sandbox.dir, 'workspace', name)
  await makeFile(path, gib * GIB)

  const onRelease = await gh.createRelease(`large-${gib}`)
  const asset = await sandbox.github.uploadAssetFromFile(gh.repository, onRelease.id, name, path)
  const assetUrl = `${apiUrl}/repos/${gh.repository}/releases/assets/${asset.id}`
  const auth = q(`authorization: token ${token}`)

  const openssl = (): Promise<number> => shell(`openssl dgst -sha256 ${q(path)}`)
  await openssl() // the page cache is warm for every contender
  const opensslMs = await medianOf(LARGE_RUNS, openssl)
  const downloadMs = await medianOf(LARGE_RUNS, () =>
    shell(`curl -sSfL -o /dev/null -H ${auth} -H 'accept: application/octet-stream' ${q(assetUrl)}`)
  )
  const curlOpensslMs = await medianOf(LARGE_RUNS, () =>
    shell(
      `curl -sSfL -H ${auth} -H 'accept: application/octet-stream' ${q(assetUrl)} | openssl dgst -sha256`
    )
  )
  console.log(
    `${gib} GiB baselines: openssl dgst ${seconds(opensslMs)} s, curl|openssl ${seconds(curlOpensslMs)} s, ` +
      `curl download ${seconds(downloadMs)} s (${((gib * GIB) / downloadMs / 1e6).toFixed(2)} GB/s), ` +
      `curl download+hash ${((gib * GIB) / curlOpensslMs / 1e6).toFixed(2)} GB/s`
  )

  const action = async (inputs: Record<string, string>): Promise<{ ms: number; rss: number }> => {
    const result = await runAction(
      sandbox,
      { ...BENCH_INPUTS, ...inputs },
      {},
      { sampleMemory: true, onOutput: trace() }
    )
    if (result.code !== 0) throw new Error(`the action failed: ${errorsOf(result)}`)
    return { ms: result.wallMs, rss: result.peakRss ?? 0 }
  }
  // Each run signs the asset again: the bundle the previous one uploaded is removed first.
  let peakOnRelease = 0
  const signed = await medianOf(LARGE_RUNS, async (run) => {
    if (run > 0)
      for (const left of await gh.assets(onRelease.id))
        if (left.name !== name) await sandbox.github.deleteAsset(gh.repository, left.id)
    const result = await action({ 'release-id': String(onRelease.id) })
    peakOnRelease = Math.max(peakOnRelease, result.rss)
    return result
  })
  const emptied = async (releaseId: number): Promise<void> => {
    for (const left of await gh.assets(releaseId))
      await sandbox.github.deleteAsset(gh.repository, left.id)
  }
  // Uploads are the noisiest step here: the curl upload and the action's `files:` run take turns,
  // FILES_RUNS times, and each median counts. Every run starts from an empty release and leaves
  // none of its bytes behind. The sandbox writes a large upload over the file of one it deleted
  // (sandbox/github/spare-files.ts), as new memory is slow on this VM (the dd probe below): one
  // untimed upload first, so that every timed one, the first curl upload too, finds such a file.
  const curlUpload = async (title: string): Promise<number> => {
    const uploadTo = await gh.createRelease(title)
    const uploadUrl = uploadTo.upload_url.replace(/\{\?name,label\}$/, `?name=${name}`)
    const ms = await shell(
      `curl -sSf -o /dev/null -X POST -T ${q(path)} -H ${auth} -H 'content-type: application/octet-stream' ${q(uploadUrl)}`
    )
    await emptied(uploadTo.id)
    return ms
  }
  await curlUpload(`large-${gib}-untimed`)
  const uploads: number[] = []
  const filesRuns: { ms: number; rss: number }[] = []
  for (let run = 0; run < FILES_RUNS; run++) {
    uploads.push(await curlUpload(`large-${gib}-curl-${run}`))
    const filesRelease = await gh.createRelease(`large-${gib}-files-${run}`)
    filesRuns.push(await action({ 'release-id': String(filesRelease.id), files: name }))
    await emptied(filesRelease.id)
  }
  const uploadMs = median(uploads)
  const uploadBaselineMs = opensslMs + uploadMs
  const files = {
    ms: median(filesRuns.map((r) => r.ms)),
    rss: Math.max(...filesRuns.map((r) => r.rss))
  }
  // How fast this machine stores new bytes at all, where the sandbox keeps assets: memory the VM
  // has not touched lately (freed pages go back to the host within seconds), which is slow here.
  // The timed uploads above wrote over kept files instead; this one is a new file.
  const probe = join(sandbox.dir, 'assets', 'write-probe')
  const storageWriteMs = await shell(`dd if=${q(path)} of=${q(probe)} bs=4M status=none`)
  await rm(probe)
  console.log(
    `${gib} GiB action: on-release ${seconds(signed.ms)} s (peak RSS ${(peakOnRelease / MIB).toFixed(0)} MiB), ` +
      `files ${seconds(files.ms)} s (peak RSS ${(files.rss / MIB).toFixed(0)} MiB) against ` +
      `openssl + curl upload ${seconds(uploadBaselineMs)} s (upload ${((gib * GIB) / uploadMs / 1e6).toFixed(2)} GB/s); ` +
      `a new file in the sandbox's storage (dd) ${((gib * GIB) / storageWriteMs / 1e6).toFixed(2)} GB/s`
  )
  return {
    gib,
    downloadMs,
    storageWriteMs,
    opensslMs,
    curlOpensslMs,
    onReleaseMs: signed.ms,
    uploadBaselineMs,
    filesMs: files.ms,
    peakRssOnRelease: peakOnRelease,
    peakRssFiles: files.rss
  }
}
