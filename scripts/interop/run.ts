/**
 * `npm run test:interop -- [TOOLS_DIR]`: signs a sandbox release with the action, downloads what
 * landed as a user would, and runs verifiers we did not write on it: each must accept the right
 * identity and reject a tampered file, another asset's bundle, a wrong identity and a wrong issuer.
 * Tools come from TOOLS_DIR (default $SIGN_RELEASE_TOOLS or ~/.cache/sign-release-tools), where
 * scripts/interop/install.sh puts them.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startSandbox } from '../../sandbox/index.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'

const exec = promisify(execFile)
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const tools =
  process.argv[2] ??
  process.env.SIGN_RELEASE_TOOLS ??
  join(homedir(), '.cache', 'sign-release-tools')

interface Case {
  tool: string
  name: string
  expect: 'accept' | 'reject'
  command: string[]
}

async function outcome(command: string[]): Promise<{ accepted: boolean; output: string }> {
  const [file, ...args] = command
  try {
    const { stdout, stderr } = await exec(file ?? '', args, {
      env: { ...process.env, HOME: homedir() }
    })
    return { accepted: true, output: (stdout + stderr).trim() }
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    return { accepted: false, output: ((e.stdout ?? '') + (e.stderr ?? '') || e.message).trim() }
  }
}

/** The line of a tool's output that says why it refused. */
function reason(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  return (
    lines.find((l) => /mismatch|invalid|not match|does not|expected|failed to/i.test(l)) ??
    lines.at(-1) ??
    ''
  ).slice(0, 160)
}

async function main(): Promise<void> {
  const sandbox = await startSandbox()
  const dir = await mkdtemp(join(tmpdir(), 'interop-'))
  let passed = 0
  let failed = 0
  try {
    const gh = new GitHubHelper(sandbox)
    // A first run takes Rekor's log index 0: protobuf JSON leaves a zero logIndex out of a bundle
    // and sigstore-python then refuses the bundle as malformed. Production logs are far past 0.
    const warmUp = await gh.createRelease('v0.0.1')
    await gh.upload(warmUp, 'warm-up.txt', 'log index 0\n')
    await runAction(sandbox, {
      'release-id': String(warmUp.id),
      provenance: 'false',
      checksums: ''
    })
    const release = await gh.createRelease('v1.0.0')
    await gh.upload(release, 'tool linux.tar.gz', 'the tool, built\n')
    await gh.upload(release, 'other.zip', 'another asset\n')
    const run = await runAction(sandbox, {
      'release-id': String(release.id),
      provenance: 'true',
      checksums: 'SHA256SUMS'
    })
    if (run.code !== 0) throw new Error(`the action failed: ${errorsOf(run)}`)
    for (const asset of await gh.assets(release.id))
      await writeFile(join(dir, asset.name), await gh.download(asset))
    await writeFile(join(dir, 'tampered.tar.gz'), 'the tool, built!\n')
    await cp(sandbox.state.sigstore.trustConfigPath, join(dir, 'trust_config.json'))
    await cp(sandbox.state.sigstore.trustedRootPath, join(dir, 'trusted_root.json'))

    const c = sandbox.state.context
    const san = `https://github.com/${c.repository}/${c.workflowFile}@${c.ref}`
    const issuer = sandbox.state.oidc.issuer
    const file = (name: string): string => join(dir, name)
    // The same bundle checks for every tool: (name, expected, artifact, bundle, identity, issuer).
    type Verify = (artifact: string, bundle: string, identity: string, issuer: string) => string[]
    const bundleChecks = (tool: string, verify: Verify): Case[] =>
      (
        [
          [
            'asset with spaces',
            'accept',
            'tool.linux.tar.gz',
            'tool.linux.tar.gz.sigstore.json',
            san,
            issuer
          ],
          ['checksums file', 'accept', 'SHA256SUMS', 'SHA256SUMS.sigstore.json', san, issuer],
          [
            'flipped byte',
            'reject',
            'tampered.tar.gz',
            'tool.linux.tar.gz.sigstore.json',
            san,
            issuer
          ],
          [
            "another asset's bundle",
            'reject',
            'tool.linux.tar.gz',
            'other.zip.sigstore.json',
            san,
            issuer
          ],
          [
            'wrong identity',
            'reject',
            'tool.linux.tar.gz',
            'tool.linux.tar.gz.sigstore.json',
            `${san}x`,
            issuer
          ],
          [
            'wrong issuer',
            'reject',
            'tool.linux.tar.gz',
            'tool.linux.tar.gz.sigstore.json',
            san,
            GITHUB_ISSUER
          ]
        ] as const
      ).map(([name, expect, artifact, bundle, identity, iss]) => ({
        tool,
        name,
        expect,
        command: verify(file(artifact), file(bundle), identity, iss)
      }))

    const cases: Case[] = []
    const python = join(tools, 'sigstore-python', 'bin', 'python')
    if (existsSync(python)) {
      const trust = ['--trust-config', file('trust_config.json')]
      cases.push(
        ...bundleChecks('sigstore-python', (artifact, bundle, identity, iss) => [
          python,
          '-m',
          'sigstore',
          ...trust,
          'verify',
          'identity',
          '--offline',
          '--bundle',
          bundle,
          '--cert-identity',
          identity,
          '--cert-oidc-issuer',
          iss,
          artifact
        ])
      )
    }
    const cosign = join(tools, 'bin', 'cosign')
    if (existsSync(cosign)) {
      const trust = ['--trusted-root', file('trusted_root.json')]
      const verify: Verify = (artifact, bundle, identity, iss) => [
        cosign,
        'verify-blob',
        artifact,
        '--bundle',
        bundle,
        ...trust,
        '--certificate-identity',
        identity,
        '--certificate-oidc-issuer',
        iss
      ]
      const attestation = (artifact: string): string[] => [
        cosign,
        'verify-blob-attestation',
        file(artifact),
        '--bundle',
        file('multiple.intoto.jsonl'),
        '--type',
        'slsaprovenance1',
        ...trust,
        '--certificate-identity',
        san,
        '--certificate-oidc-issuer',
        issuer
      ]
      const claims = (repository: string): string[] => [
        ...verify(file('other.zip'), file('other.zip.sigstore.json'), san, issuer),
        '--certificate-github-workflow-repository',
        repository,
        '--certificate-github-workflow-ref',
        c.ref,
        '--certificate-github-workflow-sha',
        c.sha,
        '--certificate-github-workflow-trigger',
        c.eventName,
        '--certificate-github-workflow-name',
        c.workflowName
      ]
      cases.push(
        ...bundleChecks('cosign v3', verify),
        {
          tool: 'cosign v3',
          name: 'GitHub workflow claims',
          expect: 'accept',
          command: claims(c.repository)
        },
        {
          tool: 'cosign v3',
          name: 'another repository',
          expect: 'reject',
          command: claims('someone/else')
        },
        {
          tool: 'cosign v3',
          name: 'provenance covers the asset',
          expect: 'accept',
          command: attestation('other.zip')
        },
        {
          tool: 'cosign v3',
          name: 'provenance lacks the file',
          expect: 'reject',
          command: attestation('tampered.tar.gz')
        }
      )
    }
    if (cases.length === 0)
      throw new Error(`no verifier found in ${tools}: run scripts/interop/install.sh`)
    for (const test of cases) {
      const result = await outcome(test.command)
      const ok = result.accepted === (test.expect === 'accept')
      if (ok) passed++
      else failed++
      const got = result.accepted ? 'accepted' : 'rejected'
      const why = result.accepted ? '' : ` (${reason(result.output)})`
      console.log(
        `${ok ? 'PASS' : 'FAIL'} ${test.tool}: ${test.name}: expected ${test.expect}, ${got}${why}`
      )
    }
  } finally {
    await sandbox.close()
    await rm(dir, { recursive: true, force: true })
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
