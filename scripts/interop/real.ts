/**
 * `npm run test:interop:real -- [TOOLS_DIR]`: the interop suite against the real Sigstore servers
 * rather than the sandbox's stand-ins. The sandbox plays GitHub and its OIDC issuer; the real
 * timestamp authority, Fulcio, TesseraCT and rekor-tiles run on loopback, and the trusted root and
 * signing config are built from their own keys and chains. The action signs a release with
 * `rekor-version: 2` (with provenance and an SBOM) and another with the TSA alone (no log);
 * cosign v3 and v2, sigstore-python, gh and our CLI must accept every output and refuse tampering,
 * another asset's bundle and a wrong identity, and a re-run must keep the bundles without a new
 * log entry. Servers come from scripts/interop/install-real-servers.sh, verifiers from
 * scripts/interop/install.sh, both in TOOLS_DIR (default $SIGN_RELEASE_TOOLS or
 * ~/.cache/sign-release-tools).
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../sandbox/index.js'
import type { Binaries } from './case.js'
import { runCases } from './outcome.js'
import { releaseVerifyCases, rekorV2Cases, tsaOnlyCases } from './real/cases.js'
import { add, onRekorV2, rerunKeeps, type Tally } from './real/checks.js'
import { REAL_SERVER_BINARIES, startRealServers, type RealServers } from './real/servers.js'
import { writeRealTrust } from './real/trust.js'
import { signOnSandbox } from './release.js'
import { sbomAttestation } from './scenarios.js'

const tools =
  process.argv[2] ??
  process.env.SIGN_RELEASE_TOOLS ??
  join(homedir(), '.cache', 'sign-release-tools')
const binaries: Binaries = {
  cosign: join(tools, 'bin', 'cosign'),
  cosign2: join(tools, 'bin', 'cosign2'),
  gh: join(tools, 'bin', 'gh'),
  python: join(tools, 'sigstore-python', 'bin', 'python'),
  cli: join(process.cwd(), 'dist', 'cli', 'index.js')
}

async function main(): Promise<void> {
  const required = [
    ...Object.values(binaries),
    ...REAL_SERVER_BINARIES.map((name) => join(tools, 'bin', name))
  ]
  const missing = required.filter((path) => !existsSync(path))
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.join(', ')}: run scripts/interop/install.sh and ` +
        `scripts/interop/install-real-servers.sh ${tools}`
    )
  const work = await mkdtemp(join(tmpdir(), 'interop-real-'))
  const sandbox = await startSandbox()
  let servers: RealServers | undefined
  let tally: Tally = { passed: 0, failed: 0 }
  let finished = false
  try {
    const issuer = sandbox.state.oidc.issuer
    servers = await startRealServers(join(tools, 'bin'), join(work, 'servers'), issuer)
    console.log(
      `real servers: TSA ${servers.tsa.url}, Fulcio ${servers.fulcio.url}, ` +
        `TesseraCT ${servers.ctlog.url}, rekor-tiles ${servers.rekor.url}`
    )
    const trust = await writeRealTrust(servers, issuer, join(work, 'servers'))
    // The warm-up run of the first release takes rekor-tiles' index 0.
    const rekorV2 = await signOnSandbox(sandbox, join(work, 'rekor-v2'), {
      provenance: true,
      sbom: true,
      trust,
      inputs: { 'rekor-version': '2' }
    })
    const tsaOnly = await signOnSandbox(sandbox, join(work, 'tsa-only'), {
      provenance: true,
      trust,
      noLog: true,
      tag: 'v1.1.0',
      warmUp: false
    })
    const ghHome = join(work, 'gh-config')
    await mkdir(ghHome)
    const cases = [
      ...rekorV2Cases(binaries, rekorV2),
      ...sbomAttestation(binaries, rekorV2, ghHome),
      ...(await releaseVerifyCases(binaries, rekorV2, 'Rekor v2, sign-release verify')),
      ...tsaOnlyCases(binaries, tsaOnly),
      ...(await releaseVerifyCases(binaries, tsaOnly, 'no transparency log, sign-release verify'))
    ]
    tally = add(await onRekorV2(rekorV2, servers), await runCases(cases, rekorV2.dir))
    tally = add(tally, await rerunKeeps(rekorV2, servers))
    finished = true
  } finally {
    const keep = !finished || tally.failed > 0
    if (keep) console.log(`kept for a look: ${work} (server logs in servers/)`)
    await servers?.stop()
    await sandbox.close()
    if (!keep) await rm(work, { recursive: true, force: true })
  }
  console.log(`${tally.passed} passed, ${tally.failed} failed`)
  process.exit(tally.failed === 0 ? 0 : 1)
}

await main()
