/**
 * docs/benchmarks.md and its chart (docs/benchmarks/peers.svg), written from the results of the
 * latest run of each benchmark (kept in docs/benchmarks/results.json, so running one benchmark
 * leaves the others' figures as they were). The CLI package's section is kept as written by hand.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { format, resolveConfig } from 'prettier'
import type { Machine } from './common.js'
import { MIB, ratio, seconds } from './common.js'
import { LARGE_RUNS, type LargeResult } from './large.js'
import type { LimitsResult } from './limits.js'
import { LATENCY, type PeersResult, type ToolRun } from './peers.js'
import {
  CONTENT_REQUESTS_PER_MINUTE,
  WINDOW_MARGIN,
  WRITES_LEFT_TO_OTHERS
} from '../../src/github/limits.js'

export interface Results {
  machine: Machine
  large?: LargeResult
  peers?: PeersResult
  limits?: LimitsResult
}

type Kept = { [K in 'large' | 'peers' | 'limits']?: NonNullable<Results[K]> & { machine: Machine } }

const DOC = 'docs/benchmarks.md'
const KEPT = 'docs/benchmarks/results.json'
const CHART = 'docs/benchmarks/peers.svg'
const HAND_WRITTEN = '## The verify CLI package'

export async function writeReport(results: Results): Promise<void> {
  const kept: Kept = existsSync(KEPT) ? (JSON.parse(await readFile(KEPT, 'utf8')) as Kept) : {}
  if (results.large) kept.large = { ...results.large, machine: results.machine }
  if (results.peers) kept.peers = { ...results.peers, machine: results.machine }
  if (results.limits) kept.limits = { ...results.limits, machine: results.machine }
  await mkdir(dirname(KEPT), { recursive: true })
  if (kept.peers) await writeFile(CHART, chart(kept.peers))
  // Written as the repository's formatter would write them, so `npm run lint` passes.
  const options = (await resolveConfig(DOC)) ?? {}
  await writeFile(KEPT, await format(JSON.stringify(kept), { ...options, parser: 'json' }))
  const old = existsSync(DOC) ? await readFile(DOC, 'utf8') : ''
  const cut = old.indexOf(HAND_WRITTEN)
  const tail = cut >= 0 ? old.slice(cut) : ''
  const doc = [head(), large(kept.large), peers(kept.peers), limits(kept.limits), tail].join('\n')
  await writeFile(DOC, await format(doc, { ...options, parser: 'markdown' }))
}

function head(): string {
  return `# Benchmarks

\`npm run bench -- [large|peers|limits]\` (all three when none is named) runs the bundled action
as a runner starts it (\`node dist/index.js\`) against the loopback sandbox, and measures each
figure against a baseline taken in the same run, so the machine's speed and load partly cancel
out. Each benchmark ends with one summary line that scripts can read. This page is written by the
bench from its latest results (\`docs/benchmarks/results.json\`); do not edit it by hand, except
the CLI package's section at the end. The sandbox keeps asset files on tmpfs when there is one
(\`/dev/shm\`, or \`BENCH_DIR\`), so that a VM's disk does not stand in for the network.
`
}

function machineLine(m: Machine): string {
  return (
    `Run ${m.date} on ${m.cpus}, ${m.memory}; Node ${m.node}, OpenSSL ${m.openssl}, curl ${m.curl}, ` +
    `cosign ${m.cosign}, sigstore-python ${m.sigstorePython}; load average at the start ${m.load}.`
  )
}

function large(r: Kept['large']): string {
  if (!r) return '## Large assets\n\nNot run yet (`npm run bench -- large`).\n'
  const rows = r.rows.map(
    (row) =>
      `| ${row.gib} GiB | ${seconds(row.opensslMs)} s | ${seconds(row.curlOpensslMs)} s | ` +
      `${seconds(row.onReleaseMs)} s | ${ratio(row.onReleaseMs, row.curlOpensslMs)}x | ` +
      `${ratio(row.onReleaseMs, row.opensslMs)}x | ${seconds(row.uploadBaselineMs)} s | ` +
      `${seconds(row.filesMs)} s | ${ratio(row.filesMs, row.uploadBaselineMs)}x | ` +
      `${(Math.max(row.peakRssOnRelease, row.peakRssFiles) / MIB).toFixed(0)} MiB |`
  )
  return `## Large assets

\`npm run bench -- large\` (\`BENCH_SIZES_GIB\`, default \`1,2\`). One asset per size, signed by the
action already on the release (downloaded through the API's redirect to storage, hashed, signed,
its bundle uploaded; ${LARGE_RUNS} runs, the median counts) and given as \`files:\` (uploaded from the
local file, then signed). Baselines: \`openssl dgst -sha256\` on the file (page cache warm) and
\`curl -L … | openssl dgst -sha256\` over the same sandbox URL (each the median of ${LARGE_RUNS} runs), and
\`openssl dgst\` plus a \`curl -T\` upload of the same file
to the same server. Targets: on-release within 1.2x of curl|openssl and 1.5x of openssl;
\`files:\` within 1.2x of its baseline; peak RSS (VmHWM from \`/proc\`) at most 150 MiB at either size.

${machineLine(r.machine)}

| asset | openssl dgst | curl \\| openssl | action, on release | vs curl \\| openssl | vs openssl | openssl + curl upload | action, \`files:\` | vs baseline | peak RSS |
| ----- | ------------ | --------------- | ------------------ | ------------------ | ---------- | --------------------- | ----------------- | ----------- | -------- |
${rows.join('\n')}

${verdicts([
  ...r.rows.flatMap((row) => [
    target(`${row.gib} GiB on release vs curl | openssl`, row.onReleaseMs / row.curlOpensslMs, 1.2),
    target(`${row.gib} GiB on release vs openssl`, row.onReleaseMs / row.opensslMs, 1.5),
    target(`${row.gib} GiB \`files:\` vs its baseline`, row.filesMs / row.uploadBaselineMs, 1.2)
  ]),
  target(
    'peak RSS (MiB)',
    Math.round(
      Math.max(...r.rows.flatMap((row) => [row.peakRssOnRelease, row.peakRssFiles])) / MIB
    ),
    150
  )
])}

The sandbox itself, in the same run: \`curl -L\` downloaded the assets (through the API's redirect
to storage) at ${r.rows.map((row) => `${((row.gib * 1024 ** 3) / (row.downloadMs ?? Number.NaN) / 1e6).toFixed(2)} GB/s (${row.gib} GiB)`).join(', ')},
fetched and hashed them at ${r.rows.map((row) => `${((row.gib * 1024 ** 3) / row.curlOpensslMs / 1e6).toFixed(2)} GB/s`).join(', ')},
and uploaded them at ${r.rows.map((row) => `${((row.gib * 1024 ** 3) / (row.uploadBaselineMs - row.opensslMs) / 1e6).toFixed(2)} GB/s`).join(', ')}.
On the release the action downloads and hashes at once, as fast as the slower of the two allows
(Node hashes with the same OpenSSL, and SHA-256 of one stream cannot be split across cores): at
1 GiB here, curl's download took ${seconds(r.rows[0]?.downloadMs ?? Number.NaN)} s and openssl's hash ${seconds(r.rows[0]?.opensslMs ?? Number.NaN)} s. Besides, it pays a fixed
cost that neither pays: starting Node and loading the bundle (about 0.15 s on this machine: 3.8 MB
of JavaScript, most of it dependencies that load their own dependencies eagerly, such as undici,
Octokit's HTTP client through \`@actions/github\`, and make-fetch-happen under sigstore-js), then
one certificate, one log entry and timestamp, one verification and one upload, mostly code running
for the first time in a new process (about 0.13 s). That weighs on the ratio to openssl at 1 GiB,
less at 2 GiB.
Writing new memory is slow on this VM: \`dd\` writes a new file where the sandbox keeps assets at
${r.rows.map((row) => `${((row.gib * 1024 ** 3) / (row.storageWriteMs ?? Number.NaN) / 1e6).toFixed(2)} GB/s`).join(', ')}
(freed pages go back to the host within seconds). So the sandbox writes a large upload over the
file of an asset it deleted, as the real storage, another machine, would not make the runner wait
on its page faults; an untimed upload first leaves one for the first timed upload. The sandbox
also hashes the bytes as they arrive, as GitHub does to report each asset's \`digest\`. That
keeps uploads under the 1 GB/s that downloads pass: on these 2 cores, receiving, hashing and storing
1 GiB cost the sandbox about 2.5 s of CPU besides curl's 0.5 s (measured with
\`process.cpuUsage\`). A bare Node server that only counts the bytes takes curl's 1 GiB in 0.6 s;
hashing them on a worker thread instead of the receiving one gained under a tenth, so it was not
kept.

\`\`\`
${r.summary}
\`\`\`
`
}

function peers(r: Kept['peers']): string {
  if (!r) return '## Many assets against the peers\n\nNot run yet (`npm run bench -- peers`).\n'
  const cell = (t: ToolRun): string => `${seconds(t.ms)} s (${t.fulcio} / ${t.rekor} / ${t.tsa})`
  const rows = r.rows.map(
    (row) =>
      `| ${row.n} | ${cell(row.action)} | ${cell(row.cosign)} | ${ratio(row.cosign.ms, row.action.ms)}x | ` +
      `${cell(row.sigstorePython)} | ${ratio(row.sigstorePython.ms, row.action.ms)}x |`
  )
  const latency = Object.entries(LATENCY)
    .map(([service, ms]) => `${service} ${ms} ms`)
    .join(', ')
  return `## Many assets against the peers

\`npm run bench -- peers\` (\`BENCH_PEERS_N\`, default \`1,10,30,100\`). N assets of 1 MiB on a
draft release; every request to the sandbox waits as long as a real round trip might (${latency};
\`npm run sandbox -- --latency …\` or \`PUT <control>/latency\` sets the same). Three ways to get a
Sigstore bundle beside each asset: the action (\`sidecars: bundle\`, no provenance or checksums);
a loop of \`cosign sign-blob --bundle\` per file, each followed by a \`curl\` upload of its bundle
(what goreleaser and hand-written workflows do); \`sigstore sign\` over all files at once, then the
uploads (what gh-action-sigstore-python does). The peers sign local copies of the files; the
action downloads and hashes the assets from the release. The action runs first at each N, after
one untimed signing that warms the sandbox up, so that none pays for the stand-in's first requests.
In brackets: requests to Fulcio / Rekor / TSA. Targets at N = 30: the action at least 5x faster than the cosign loop and 2x faster than
sigstore-python, one Fulcio request per run.

${machineLine(r.machine)}

| N | action | cosign loop | cosign / action | sigstore-python | sigstore-python / action |
| - | ------ | ----------- | --------------- | --------------- | ------------------------ |
${rows.join('\n')}

${peersVerdicts(r)}

![Wall time against N for the action, the cosign loop and sigstore-python](benchmarks/peers.svg)

\`\`\`
${r.summary}
\`\`\`
`
}

function limits(r: Kept['limits']): string {
  if (!r) return "## GitHub's secondary limits\n\nNot run yet (`npm run bench -- limits`).\n"
  return `## GitHub's secondary limits

\`npm run bench -- limits\` (\`BENCH_LIMITS_ASSETS\`, \`BENCH_LIMITS_WINDOW_MS\`). ${r.assets} assets on a
draft, with the sandbox's limit of 80 content-creating requests a minute (500 an hour) scaled so a
"minute" lasts ${seconds(r.windowMs)} s, and the action told the same through
\`SIGN_RELEASE_RATE_WINDOW_MS\`. The floor is the windows the writes must wait through at 80 a
window: (⌈writes / 80⌉ − 1) × window. Targets: within 10 % of the floor, and no 403 from the sandbox.
${r.runsMs ? `Each of ${r.runsMs.length} runs starts a fresh sandbox; the median run is reported (runs: ${r.runsMs.map((ms) => `${seconds(ms)} s`).join(', ')}), and 403s are counted over all of them.` : ''}

${machineLine(r.machine)}

| assets | writes | window | floor | action | vs floor | 403s |
| ------ | ------ | ------ | ----- | ------ | -------- | ---- |
| ${r.assets} | ${r.writes} | ${seconds(r.windowMs)} s | ${seconds(r.floorMs)} s | ${seconds(r.runMs)} s | ${ratio(r.runMs, r.floorMs)}x | ${r.refused} |

${verdicts([target('run vs floor', r.runMs / r.floorMs, 1.1), target('403s received', r.refused, 0)])}

The plan the action logs before its first write, and when the log reached each step (seconds
into the median run):

\`\`\`
${r.plan}
${(r.timeline ?? []).join('\n')}
\`\`\`

${aboveFloor(r)}

\`\`\`
${r.summary}
\`\`\`
`
}

interface Verdict {
  name: string
  value: number
  met: boolean
  limit: string
}

/** A figure against its target: at most `most`, or at least `least` when given. */
function target(name: string, value: number, most: number, least?: number): Verdict {
  return least === undefined
    ? { name, value, met: value <= most, limit: `at most ${most}` }
    : { name, value, met: value >= least, limit: `at least ${least}` }
}

function verdicts(all: Verdict[]): string {
  const line = (v: Verdict): string =>
    `${v.name}: ${Number.isInteger(v.value) ? v.value : v.value.toFixed(2)} (${v.limit}): ${v.met ? 'met' : '**missed**'}`
  return `Against the targets: ${all.map(line).join('; ')}.`
}

function peersVerdicts(r: PeersResult): string {
  const at30 = r.rows.find((row) => row.n === 30)
  if (!at30) return ''
  return verdicts([
    target('cosign loop / action at N = 30', at30.cosign.ms / at30.action.ms, Infinity, 5),
    target(
      'sigstore-python / action at N = 30',
      at30.sigstorePython.ms / at30.action.ms,
      Infinity,
      2
    ),
    target(
      'Fulcio requests of the action at every N',
      Math.max(...r.rows.map((row) => row.action.fulcio)),
      1
    )
  ])
}

/** Wall time against N, one line per tool. */
function chart(r: PeersResult): string {
  const width = 640
  const height = 360
  const pad = { left: 56, right: 170, top: 24, bottom: 44 }
  const maxN = Math.max(...r.rows.map((row) => row.n))
  const maxS =
    Math.max(...r.rows.flatMap((row) => [row.action.ms, row.cosign.ms, row.sigstorePython.ms])) /
    1000
  const top = niceCeiling(maxS)
  const x = (n: number): number => pad.left + (n / maxN) * (width - pad.left - pad.right)
  const y = (s: number): number => height - pad.bottom - (s / top) * (height - pad.top - pad.bottom)
  const series: [string, string, (row: PeersResult['rows'][number]) => number][] = [
    ['sign-release (action)', '#1f77b4', (row) => row.action.ms],
    ['cosign sign-blob loop', '#d62728', (row) => row.cosign.ms],
    ['sigstore-python sign', '#2ca02c', (row) => row.sigstorePython.ms]
  ]
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...ticks.map(
      (s) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(s).toFixed(1)}" y2="${y(s).toFixed(1)}" stroke="#ddd"/>` +
        `<text x="${pad.left - 6}" y="${(y(s) + 4).toFixed(1)}" text-anchor="end">${Number(s.toFixed(1))}</text>`
    ),
    ...r.rows.map(
      (row) =>
        `<text x="${x(row.n).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${row.n}</text>`
    ),
    `<text x="${((pad.left + width - pad.right) / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">assets of 1 MiB (N)</text>`,
    `<text transform="translate(14 ${(height / 2).toFixed(1)}) rotate(-90)" text-anchor="middle">wall time (s)</text>`,
    `<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<line x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}" stroke="#333"/>`
  ]
  series.forEach(([name, color, ms], i) => {
    const points = r.rows.map((row) => `${x(row.n).toFixed(1)},${y(ms(row) / 1000).toFixed(1)}`)
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`,
      ...r.rows.map(
        (row) =>
          `<circle cx="${x(row.n).toFixed(1)}" cy="${y(ms(row) / 1000).toFixed(1)}" r="3" fill="${color}"/>`
      ),
      `<line x1="${width - pad.right + 12}" x2="${width - pad.right + 32}" y1="${pad.top + 10 + i * 20}" y2="${pad.top + 10 + i * 20}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${width - pad.right + 38}" y="${pad.top + 14 + i * 20}">${name}</text>`
    )
  })
  parts.push('</svg>', '')
  return parts.join('\n')
}

function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 0.1)))
  return Math.ceil(value / step) * step
}

/**
 * Why a paced run ends above the floor, from the pacer's own rules (src/github/limits.ts): a write
 * waits a window after the write one window's allowance before it was answered.
 */
function aboveFloor(r: LimitsResult): string {
  const perWindow = CONTENT_REQUESTS_PER_MINUTE - WRITES_LEFT_TO_OTHERS
  const waits = Math.ceil(r.writes / perWindow) - 1
  const bound = Math.max(1, r.writes - waits * perWindow)
  const margins = WINDOW_MARGIN * r.windowMs * waits
  return `Where the time above the floor goes: the windows slide, so the action lets a write go only
a window (plus ${WINDOW_MARGIN * 100} %, for clocks that disagree) after the write ${perWindow} before it was answered,
keeping ${WRITES_LEFT_TO_OTHERS} writes a window for other steps using the token. The last write thus waits ${waits}
window${waits === 1 ? '' : 's'} after the answer to write ${bound}, and everything before that answer (starting,
hashing every asset, the certificate, the first bundles signed, verified and uploaded) is above
the floor, as are the margins (${seconds(margins)} s). With GitHub's real one-minute windows the same
overhead is a few percent of a floor six times longer.`
}
