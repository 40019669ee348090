/**
 * `npm run demo`: the whole product on the loopback sandbox. Starts the sandbox, creates a draft
 * release with awkward assets (spaces, non-ASCII, empty, several hundred MiB), runs
 * `node dist/index.js` exactly as a runner does, then verifies what landed with the verify CLI, as a
 * downloader would, before and after an asset is swapped.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { startSandbox } from '../sandbox/index.js'
import { GitHubHelper } from '../sandbox/releases-client.js'
import { errorsOf, runAction } from '../sandbox/runner.js'
import { RunnerLog } from '../sandbox/runner-log.js'
import { makeFile } from './make-file.js'
import { cli } from './run-cli.js'

const BIG = Number(process.env.DEMO_BIG_MIB ?? 300) * 1024 * 1024

async function main(): Promise<void> {
  const started = Date.now()
  const sandbox = await startSandbox()
  try {
    const gh = new GitHubHelper(sandbox)
    console.log(
      `Sandbox up: GitHub API ${sandbox.state.github.apiUrl}, Fulcio ${sandbox.state.sigstore.fulcioUrl}, Rekor ${sandbox.state.sigstore.rekorUrl}`
    )
    const release = await gh.createRelease('v1.0.0')
    console.log(`Created draft release v1.0.0 (id ${release.id}) in ${gh.repository}`)
    await gh.upload(release, 'tool linux amd64.tar.gz', 'a release archive\n')
    await gh.upload(release, 'notes-été.txt', 'non-ASCII name\n')
    await gh.upload(release, 'empty.txt', '')
    const dir = join(sandbox.dir, 'demo')
    await mkdir(dir, { recursive: true })
    const big = join(dir, 'disk-image.iso')
    await makeFile(big, BIG)
    await gh.uploadFile(release, 'disk-image.iso', big)
    const before = await gh.assets(release.id)
    console.log(
      `Uploaded ${before.length} assets: ${before.map((a) => `${a.name} (${a.size} bytes)`).join(', ')}\n`
    )

    console.log('Running the action as a runner does: node dist/index.js\n')
    // Shown as GitHub shows a job log: secrets masked, debug hidden, groups folded.
    const log = new RunnerLog((line) => console.log(`  | ${line}`), {
      expandGroups: process.env.DEMO_EXPAND === '1'
    })
    const run = await runAction(
      sandbox,
      {
        'release-id': String(release.id),
        provenance: 'true',
        checksums: 'SHA256SUMS',
        publish: 'true'
      },
      {},
      { onOutput: (text) => log.push(text) }
    )
    log.end()
    if (run.code !== 0) throw new Error(`the action failed:\n${errorsOf(run)}`)

    const landed = await gh.assets(release.id)
    console.log(
      `\nOn the release now (${landed.length} files, ${(await gh.release(release.id)).draft ? 'draft' : 'published'}):`
    )
    for (const a of landed) console.log(`  ${a.name}`)
    console.log(
      `\nJob summary written by the action (${run.summary.length} bytes); its verification commands:`
    )
    for (const command of run.summary.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)) {
      console.log(
        `  ${(command[1] ?? '').replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)))}`
      )
    }
    console.log(`\nTrust material for those commands: ${sandbox.state.sigstore.trustedRootPath}`)

    // What a downloader runs: the whole release against the workflow that must have signed it.
    const c = sandbox.state.context
    const verifyArgs = [
      'verify',
      '--repo',
      c.repository,
      '--tag',
      'v1.0.0',
      '--ref',
      c.ref,
      '--signer-workflow',
      `${c.repository}/${c.workflowFile}`,
      '--trusted-root',
      sandbox.state.sigstore.trustedRootPath,
      '--certificate-oidc-issuer',
      sandbox.state.oidc.issuer
    ]
    const cliEnv = {
      ...process.env,
      GITHUB_API_URL: sandbox.state.github.apiUrl,
      GITHUB_TOKEN: sandbox.state.github.token
    }
    console.log(`\n$ npx sign-release ${verifyArgs.join(' ')}`)
    const good = await cli(verifyArgs, cliEnv)
    console.log(good.stdout.trimEnd(), `\n(exit ${good.status})`)
    if (good.status !== 0) throw new Error('sign-release verify rejected the signed release')

    // An attacker with write access swaps one asset after the release was signed.
    const notes = (await gh.assets(release.id)).find((a) => a.name === 'notes-ete.txt')
    if (notes) {
      await gh.deleteAsset(notes.id)
      await gh.upload(await gh.release(release.id), 'notes-ete.txt', 'swapped after signing\n')
    }
    console.log(
      `\nAfter swapping notes-ete.txt on the release:\n$ npx sign-release ${verifyArgs.join(' ')}`
    )
    const bad = await cli(verifyArgs, cliEnv)
    console.log(bad.stdout.trimEnd(), `\n(exit ${bad.status})`)
    if (bad.status !== 1) throw new Error('sign-release verify did not reject the swapped asset')
    console.log(
      `Action: ${(run.wallMs / 1000).toFixed(1)}s; whole demo: ${((Date.now() - started) / 1000).toFixed(1)}s`
    )
  } finally {
    await sandbox.close()
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
