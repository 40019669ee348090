/**
 * Whole scenarios across tools: the job summary's commands run as printed, a release signed through
 * the reusable workflow, the SBOM attestation, and an instance without a transparency log.
 */
import { casesOf, ghEnv, SPACED, type Binaries, type Case } from './case.js'
import { cosignAttestation, cosignBundle, ghVerify } from './commands.js'
import type { SignedRelease } from './release.js'

/**
 * The verification commands the job summary prints, run as printed (in the download directory,
 * where the trust material they name lies) with each program resolved to the pinned tool.
 */
export function summaryCommands(bin: Binaries, r: SignedRelease, tool = 'job summary'): Case[] {
  const unescape = (html: string): string =>
    html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
  const cases: Case[] = []
  // Named by the summary's section heading and the tool line above each command.
  const blocks = r.summary.split('\n### ').flatMap((section) => {
    const heading = section.slice(0, section.indexOf('\n'))
    return [...section.matchAll(/([^\n]*)\n<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map(
      ([, label = '', html = '']) => ({ heading, label, html })
    )
  })
  for (const { heading, label, html } of blocks) {
    const printed = unescape(html)
    const command = printed
      .replace(
        /^((?:[A-Z_]+=\S+ )*)cosign /,
        (_, env: string) => `${env}${label.includes('v2') ? bin.cosign2 : bin.cosign} `
      )
      .replace(/^python -m sigstore /, `${bin.python} -m sigstore `)
      .replace(/^gh /, `${bin.gh} `)
      .replace(/^npx sign-release /, `${process.execPath} ${bin.cli} `)
    cases.push({
      tool,
      name: `${heading}: ${label.replace(/:$/, '')}`,
      expect: 'accept',
      command: ['sh', '-c', command],
      cwd: r.dir,
      // The release is still a draft: reading it takes a token.
      env: {
        GITHUB_API_URL: r.sandbox.state.github.apiUrl,
        GITHUB_TOKEN: r.sandbox.state.github.token
      }
    })
  }
  return cases
}

/**
 * A release signed through a reusable workflow (SLSA Build L3): the certificate names the reusable
 * workflow; the caller is pinned by its repository claim. `r` must be signed in such a context.
 */
export function reusableWorkflow(bin: Binaries, r: SignedRelease): Case[] {
  const caller = r.context.repository
  const callerWorkflow = `${caller}/${r.context.workflowFile}`
  const callerSan = `https://github.com/${callerWorkflow}@${r.context.ref}`
  const gh = (repo: string, signer: string): string[] =>
    ghVerify(bin.gh, r, SPACED, { repo, signer })
  const cosign = (identity: string, repository: string): string[] => [
    ...cosignBundle(bin.cosign, r, SPACED, { identity }),
    '--certificate-github-workflow-repository',
    repository
  ]
  return [
    ...casesOf(
      'reusable workflow',
      [
        ['gh: caller repository, reusable signer', 'accept', gh(caller, r.signerWorkflow)],
        ["gh: the caller's own workflow as signer", 'reject', gh(caller, callerWorkflow)],
        ['gh: another caller repository', 'reject', gh('someone/else', r.signerWorkflow)],
        ['cosign v3: reusable identity, caller repository', 'accept', cosign(r.san, caller)],
        ["cosign v3: the caller's workflow as identity", 'reject', cosign(callerSan, caller)],
        ['cosign v3: another caller repository', 'reject', cosign(r.san, 'someone/else')]
      ],
      ghEnv(r.dir)
    ),
    ...summaryCommands(bin, r, 'reusable workflow, job summary')
  ]
}

/** The SBOM attestation (sbom.intoto.jsonl): a CycloneDX predicate over the same assets. */
export function sbomAttestation(bin: Binaries, r: SignedRelease, ghHome: string): Case[] {
  const cosign = (artifact: string): string[] =>
    cosignAttestation(bin.cosign, r, artifact, 'sbom.intoto.jsonl', 'cyclonedx')
  const gh = (predicateType?: string): string[] =>
    ghVerify(bin.gh, r, SPACED, { bundle: 'sbom.intoto.jsonl', predicateType })
  return casesOf(
    'SBOM attestation',
    [
      ['cosign v3: covers the asset', 'accept', cosign(SPACED)],
      ['cosign v3: flipped byte', 'reject', cosign('tampered.tar.gz')],
      ['gh: CycloneDX predicate', 'accept', gh('https://cyclonedx.org/bom')],
      ['gh: taken for SLSA provenance', 'reject', gh()]
    ],
    ghEnv(ghHome)
  )
}

/**
 * A release signed on an instance without a transparency log: cosign accepts it on the bundle's
 * signed timestamp when told to and refuses it otherwise; the summary's commands (gh among them)
 * pass.
 */
export function withoutLog(bin: Binaries, r: SignedRelease): Case[] {
  const cosign = (artifact: string, flags: string[]): string[] => [
    ...cosignBundle(bin.cosign, r, artifact, { signedAs: SPACED }),
    ...flags
  ]
  const timestamps = ['--use-signed-timestamps', '--insecure-ignore-tlog']
  return [
    ...casesOf('no transparency log', [
      ['cosign v3: on the signed timestamp', 'accept', cosign(SPACED, timestamps)],
      ['cosign v3: flipped byte', 'reject', cosign('tampered.tar.gz', timestamps)],
      ['cosign v3: a log entry expected', 'reject', cosign(SPACED, [])]
    ]),
    ...summaryCommands(bin, r, 'no transparency log, job summary')
  ]
}
