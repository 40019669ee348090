/**
 * A private repository's release signed on the sandbox's GitHub-like instance (`sigstore: github`
 * through its TUF repository: its own CA, `O=GitHub, Inc.`, certificates without SCTs, a signed
 * timestamp, no log). gh, cosign v3 (and v2 on the bundle) and our CLI accept it under GitHub's
 * trusted root as `gh attestation trusted-root` prints it, and every one of them refuses it under
 * the public-good-like root alone, each refusal one argument away from an accepted command.
 * sigstore-python is absent: it needs a log entry in every bundle (see docs/verification.md).
 */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { CYCLONEDX_TYPE } from '../../src/intoto.js'
import {
  attestationCommands,
  GITHUB_TRUSTED_ROOT_COMMAND,
  releaseCommand,
  verifyCommands,
  type CommandContext
} from '../../src/report/commands.js'
import { casesOf, ghEnv, SPACED, type Binaries, type Case } from './case.js'
import { cosignAttestation, cosignBundle, ghVerify } from './commands.js'
import type { SignedRelease } from './release.js'
import { summaryCommands } from './scenarios.js'

const exec = promisify(execFile)

/** The trusted root without GitHub's instance: the public-good-like one, as gh prints it. */
const PUBLIC_GOOD_ONLY = 'public_good_trusted_root'

/**
 * Writes the trust material a user of GitHub's instance gets from the GitHub CLI into the download
 * directory: `trusted_root.jsonl`, what `gh attestation trusted-root` prints (public-good's root,
 * then GitHub's), read here by gh's own TUF client from the sandbox's two TUF repositories;
 * `github_trusted_root.json`, made by the job summary's command as printed; and
 * `public_good_trusted_root.json(l)`, the first line alone.
 */
export async function githubTrustFiles(gh: string, r: SignedRelease, home: string): Promise<void> {
  const { publicGood, github } = r.sandbox.state.tuf
  // No other cache than this run's: gh would otherwise keep a day-old copy of a past sandbox's.
  const env = { ...process.env, ...ghEnv(home), XDG_CACHE_HOME: home }
  const trustedRoot = async (tuf: { mirror: string; rootPath: string }): Promise<string> =>
    (
      await exec(
        gh,
        ['attestation', 'trusted-root', '--tuf-url', tuf.mirror, '--tuf-root', tuf.rootPath],
        { env }
      )
    ).stdout
  const publicGoodLine = await trustedRoot(publicGood)
  const printed = publicGoodLine + (await trustedRoot(github))
  await writeFile(r.file('trusted_root.jsonl'), printed)
  await writeFile(r.file(`${PUBLIC_GOOD_ONLY}.jsonl`), publicGoodLine)
  await writeFile(r.file(`${PUBLIC_GOOD_ONLY}.json`), publicGoodLine)
  // The summary's command as printed, `gh attestation trusted-root` standing for what it reads
  // from GitHub's and public-good's TUF repositories.
  const script = `gh() { [ "$*" = "attestation trusted-root" ] && cat trusted_root.jsonl; }\n${GITHUB_TRUSTED_ROOT_COMMAND}\n`
  await exec('sh', ['-ec', script], { cwd: r.dir })
  const made = await readFile(r.file('github_trusted_root.json'), 'utf8')
  if (made.trim().split('\n').length !== 1)
    throw new Error(`the summary's command made no single trusted root: ${JSON.stringify(made)}`)
}

/** `r` must be signed with `githubInstance` and an SBOM, and githubTrustFiles run on it. */
export function githubInstance(bin: Binaries, r: SignedRelease, ghHome: string): Case[] {
  const root = 'github_trusted_root.json'
  const timestamps = ['--insecure-ignore-sct', '--use-signed-timestamps', '--insecure-ignore-tlog']
  const withRoot = (command: string[], file: string): string[] =>
    command.map((word) => (word === r.file('trusted_root.json') ? r.file(file) : word))
  const cosign = (artifact: string, file = root, flags = timestamps): string[] => [
    ...withRoot(cosignBundle(bin.cosign, r, artifact, { signedAs: SPACED }), file),
    ...flags
  ]
  const cosign2 = (file: string): string[] => [
    ...withRoot(cosignBundle(bin.cosign2, r, SPACED), file),
    '--new-bundle-format',
    ...timestamps
  ]
  const sbom = (file: string): string[] => [
    ...withRoot(cosignAttestation(bin.cosign, r, SPACED, 'sbom.intoto.jsonl', 'cyclonedx'), file),
    ...timestamps
  ]
  const gh = (artifact: string, roots = 'trusted_root.jsonl'): string[] =>
    ghVerify(bin.gh, r, artifact, {
      bundle: 'sbom.intoto.jsonl',
      predicateType: CYCLONEDX_TYPE
    }).map((word) => (word === r.file('trusted_root.jsonl') ? r.file(roots) : word))
  const pgJson = `${PUBLIC_GOOD_ONLY}.json`
  const pgJsonl = `${PUBLIC_GOOD_ONLY}.jsonl`
  const summary = summaryCommands(bin, r, 'GitHub instance, job summary')
  return [
    ...casesOf(
      'GitHub instance',
      [
        ["gh: both instances' roots, as gh prints them", 'accept', gh(SPACED)],
        ['gh: flipped byte', 'reject', gh('tampered.tar.gz')],
        ['gh: the public-good root alone', 'reject', gh(SPACED, pgJsonl)],
        ["cosign v3: GitHub's root, on the signed timestamp", 'accept', cosign(SPACED)],
        ['cosign v3: flipped byte', 'reject', cosign('tampered.tar.gz')],
        ['cosign v3: the public-good root alone', 'reject', cosign(SPACED, pgJson)],
        // What cosign needs: it asks every certificate for an SCT, and GitHub's Fulcio adds none.
        ['cosign v3: an SCT expected', 'reject', cosign(SPACED, root, timestamps.slice(1))],
        ['cosign v3: a log entry expected', 'reject', cosign(SPACED, root, timestamps.slice(0, 2))],
        ['cosign v3: SBOM covers the asset', 'accept', sbom(root)],
        ['cosign v3: SBOM, the public-good root alone', 'reject', sbom(pgJson)],
        ['cosign v2: the bundle, on the signed timestamp', 'accept', cosign2(root)],
        ['cosign v2: the public-good root alone', 'reject', cosign2(pgJson)]
      ],
      ghEnv(ghHome)
    ),
    ...summary,
    ...withTrustedRoot(summary, PUBLIC_GOOD_ONLY, 'GitHub instance, job summary'),
    ...productionCommands(bin, r)
  ]
}

/**
 * The commands the job summary prints for GitHub's instance itself (its trust from
 * tuf-repo.github.com, which the sandbox cannot stand in for in the action), rendered by the
 * summary's own code with the release's identity and run as printed, but for gh: it would read
 * the same two roots from the TUF repositories itself, and is given them as a file.
 */
function productionCommands(bin: Binaries, r: SignedRelease): Case[] {
  const ctx: CommandContext = {
    san: r.san,
    issuer: r.issuer,
    custom: false,
    github: true,
    withoutSct: true,
    repository: r.context.repository,
    signerWorkflow: r.signerWorkflow
  }
  const printed: [string, string][] = [
    ['sign-release verify', releaseCommand(r.tag, ctx)],
    ...verifyCommands(SPACED, ctx).map((c): [string, string] => [c.tool, c.command]),
    ...attestationCommands(SPACED, 'sbom.intoto.jsonl', CYCLONEDX_TYPE, ctx).map(
      (c): [string, string] => [
        `${c.tool} (SBOM)`,
        c.tool === 'gh' ? `${c.command} --custom-trusted-root trusted_root.jsonl` : c.command
      ]
    )
  ]
  const cases = printed.map(([label, command]): Case => {
    const resolved = command
      .replace(/^cosign /, `${bin.cosign} `)
      .replace(/^gh /, `${bin.gh} `)
      .replace(/^npx sign-release /, `${process.execPath} ${bin.cli} `)
    return {
      tool: "GitHub's instance, summary",
      name: label,
      expect: 'accept',
      command: ['sh', '-c', resolved],
      cwd: r.dir,
      env: {
        GITHUB_API_URL: r.sandbox.state.github.apiUrl,
        GITHUB_TOKEN: r.sandbox.state.github.token
      }
    }
  })
  return [...cases, ...withTrustedRoot(cases, PUBLIC_GOOD_ONLY, "GitHub's instance, summary")]
}

/**
 * The same commands with their trusted root (`trusted_root.json`, `.jsonl` or
 * `github_trusted_root.json`) swapped for `base.json` / `base.jsonl`: each must now be refused.
 * Commands that name no trusted root are left out.
 */
function withTrustedRoot(cases: Case[], base: string, tool: string): Case[] {
  const trust = /(?<=\s)(?:github_)?trusted_root\.json(l?)(?=\s|$)/g
  return cases.flatMap((c) => {
    const script = c.command.at(-1) ?? ''
    if (!script.match(trust)) return []
    return [
      {
        ...c,
        tool,
        name: `${c.name}, the public-good root alone`,
        expect: 'reject' as const,
        command: [...c.command.slice(0, -1), script.replace(trust, `${base}.json$1`)]
      }
    ]
  })
}
