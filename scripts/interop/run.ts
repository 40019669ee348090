/**
 * `npm run test:interop -- [TOOLS_DIR]`: signs sandbox releases with the action, downloads what
 * landed as a user would, and runs verifiers we did not write on it (cosign v3 and v2,
 * sigstore-python, the GitHub CLI, sha256sum): each must accept the right identity and reject
 * tampering, another asset's signature, a wrong identity, issuer or repository, and a provenance
 * that lacks the file. A private repository's release signed on the GitHub-like instance (no log,
 * no SCT) must verify under GitHub's trusted root as `gh attestation trusted-root` prints it, and
 * be refused by every tool under the public-good root alone. Tools come from TOOLS_DIR (default
 * $SIGN_RELEASE_TOOLS or ~/.cache/sign-release-tools), where scripts/interop/install.sh puts them;
 * every one is required.
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { GITHUB_ISSUER, type Case } from './case.js'
import { cosignV2, cosignV3 } from './cosign.js'
import { ghAttestation, sha256sum } from './gh.js'
import { githubInstance, githubTrustFiles } from './github-instance.js'
import { runCases } from './outcome.js'
import { reusableWorkflow, sbomAttestation, summaryCommands, withoutLog } from './scenarios.js'
import { sigstorePythonGitHub, sigstorePythonIdentity } from './sigstore-python.js'
import { ASSETS, signedRelease, type SignedRelease } from './release.js'

const tools =
  process.argv[2] ??
  process.env.SIGN_RELEASE_TOOLS ??
  join(homedir(), '.cache', 'sign-release-tools')
const binaries = {
  cosign: join(tools, 'bin', 'cosign'),
  cosign2: join(tools, 'bin', 'cosign2'),
  gh: join(tools, 'bin', 'gh'),
  python: join(tools, 'sigstore-python', 'bin', 'python'),
  cli: join(process.cwd(), 'dist', 'cli', 'index.js')
}

async function main(): Promise<void> {
  const missing = Object.values(binaries).filter((path) => !existsSync(path))
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run scripts/interop/install.sh ${tools}`)
  const work = await mkdtemp(join(tmpdir(), 'interop-'))
  const releases: SignedRelease[] = []
  let tally = { passed: 0, failed: 0 }
  try {
    // Tokens from the sandbox's own issuer: provenance can be built (its keys are fetched from the
    // issuer URL) and every tool but `verify github` takes the issuer as a flag.
    const local = await signedRelease(join(work, 'local'), { provenance: true, sbom: true })
    releases.push(local)
    // Tokens naming GitHub's issuer, which sigstore-python's `verify github` hard-codes.
    const github = await signedRelease(join(work, 'github'), {
      oidcIssuer: 'https://token.actions.githubusercontent.com',
      provenance: false
    })
    releases.push(github)
    // Signed through our reusable workflow, called from the sandbox's repository.
    const reusable = await signedRelease(join(work, 'reusable'), {
      provenance: true,
      context: {
        reusable: {
          repository: 'sign-release/sign-release',
          workflowFile: '.github/workflows/sign-release.yml',
          ref: 'refs/tags/v1',
          sha: 'd'.repeat(40)
        }
      }
    })
    releases.push(reusable)
    const noLog = await signedRelease(join(work, 'no-log'), { provenance: true, noLog: true })
    releases.push(noLog)
    // A private repository on the GitHub-like instance, with GitHub's issuer as there (provenance
    // then cannot be built in the sandbox: gh checks the SBOM attestation instead).
    const githubInstanceRelease = await signedRelease(join(work, 'github-instance'), {
      oidcIssuer: GITHUB_ISSUER,
      provenance: false,
      sbom: true,
      githubInstance: true
    })
    releases.push(githubInstanceRelease)
    const swapped = join(work, 'swapped')
    await cp(local.dir, swapped, { recursive: true })
    await writeFile(join(swapped, 'other.zip'), `${ASSETS['other.zip'] ?? ''}, swapped\n`)
    const ghHome = join(work, 'gh-config')
    await mkdir(ghHome)
    await githubTrustFiles(binaries.gh, githubInstanceRelease, ghHome)

    const cases: Case[] = [
      ...cosignV3(binaries.cosign, local),
      ...cosignV2(binaries.cosign2, local),
      ...sigstorePythonIdentity(binaries.python, local),
      ...sigstorePythonGitHub(binaries.python, github, local),
      ...ghAttestation(binaries.gh, local, ghHome),
      ...sha256sum(local, swapped),
      ...sbomAttestation(binaries, local, ghHome),
      ...summaryCommands(binaries, local),
      ...reusableWorkflow(binaries, reusable),
      ...withoutLog(binaries, noLog),
      ...githubInstance(binaries, githubInstanceRelease, ghHome)
    ]
    tally = await runCases(cases, local.dir)
  } finally {
    for (const release of releases) await release.sandbox.close()
    await rm(work, { recursive: true, force: true })
  }
  console.log(`${tally.passed} passed, ${tally.failed} failed`)
  process.exit(tally.failed === 0 ? 0 : 1)
}

await main()
