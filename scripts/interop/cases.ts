/**
 * What each independent verifier is asked, as the command a user would type: each accepts what the
 * action uploaded for the right identity and rejects a flipped byte, another asset's signature, a
 * wrong identity, a wrong issuer, another repository and a provenance that lacks the file.
 */
import type { SignedRelease } from './release.js'

export interface Case {
  tool: string
  name: string
  expect: 'accept' | 'reject'
  command: string[]
  /** Extra environment for the command. */
  env?: Record<string, string>
  /** Working directory, the release's download directory by default. */
  cwd?: string
}

/** One verification of an artifact against a signature file, named by the case table below. */
interface Check {
  name: string
  expect: 'accept' | 'reject'
  artifact: string
  /** The asset whose bundle/.sig/.pem is used. */
  signedAs: string
  identity: string
  issuer: string
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const SPACED = 'tool.linux.tar.gz'

/** The signature checks every tool runs on the same files. */
function signatureChecks(r: SignedRelease, otherIssuer: string): Check[] {
  const base = { identity: r.san, issuer: r.issuer }
  return [
    { name: 'asset with spaces', expect: 'accept', artifact: SPACED, signedAs: SPACED, ...base },
    {
      name: 'second asset',
      expect: 'accept',
      artifact: 'other.zip',
      signedAs: 'other.zip',
      ...base
    },
    {
      name: 'checksums file',
      expect: 'accept',
      artifact: 'SHA256SUMS',
      signedAs: 'SHA256SUMS',
      ...base
    },
    {
      name: 'flipped byte',
      expect: 'reject',
      artifact: 'tampered.tar.gz',
      signedAs: SPACED,
      ...base
    },
    {
      name: "another asset's signature",
      expect: 'reject',
      artifact: SPACED,
      signedAs: 'other.zip',
      ...base
    },
    {
      name: 'wrong identity',
      expect: 'reject',
      artifact: SPACED,
      signedAs: SPACED,
      ...base,
      identity: `${r.san}x`
    },
    {
      name: 'wrong issuer',
      expect: 'reject',
      artifact: SPACED,
      signedAs: SPACED,
      ...base,
      issuer: otherIssuer
    }
  ]
}

function workflowClaims(r: SignedRelease, repository: string): string[] {
  const c = r.context
  return [
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
}

export function cosignV3(cosign: string, r: SignedRelease): Case[] {
  const tool = 'cosign v3'
  const trust = ['--trusted-root', r.file('trusted_root.json')]
  const verify = (
    artifact: string,
    signedAs: string,
    identity: string,
    issuer: string
  ): string[] => [
    cosign,
    'verify-blob',
    r.file(artifact),
    '--bundle',
    r.file(`${signedAs}.sigstore.json`),
    ...trust,
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    issuer
  ]
  const attestation = (artifact: string): string[] => [
    cosign,
    'verify-blob-attestation',
    r.file(artifact),
    '--bundle',
    r.file('multiple.intoto.jsonl'),
    '--type',
    'slsaprovenance1',
    ...trust,
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer
  ]
  const claims = (repository: string): string[] => [
    ...verify('other.zip', 'other.zip', r.san, r.issuer),
    ...workflowClaims(r, repository)
  ]
  return [
    ...signatureChecks(r, GITHUB_ISSUER).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      command: verify(c.artifact, c.signedAs, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'GitHub workflow claims',
      expect: 'accept',
      command: claims(r.context.repository)
    },
    { tool, name: 'another repository', expect: 'reject', command: claims('someone/else') },
    { tool, name: 'provenance covers the asset', expect: 'accept', command: attestation(SPACED) },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: attestation('tampered.tar.gz')
    }
  ]
}

/**
 * cosign v2 with the detached `.sig` and `.pem`: it finds the entry in the sandbox's Rekor by the
 * signature and checks it with the keys named by SIGSTORE_* (its way to trust a private instance).
 */
export function cosignV2(cosign: string, r: SignedRelease): Case[] {
  const tool = 'cosign v2'
  const env = {
    SIGSTORE_ROOT_FILE: r.file('fulcio_chain.pem'),
    SIGSTORE_REKOR_PUBLIC_KEY: r.file('rekor.pub'),
    SIGSTORE_CT_LOG_PUBLIC_KEY_FILE: r.file('ctfe.pub')
  }
  const verify = (
    artifact: string,
    signedAs: string,
    identity: string,
    issuer: string
  ): string[] => [
    cosign,
    'verify-blob',
    r.file(artifact),
    '--signature',
    r.file(`${signedAs}.sig`),
    '--certificate',
    r.file(`${signedAs}.pem`),
    '--rekor-url',
    r.sandbox.state.sigstore.rekorUrl,
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    issuer
  ]
  const claims = (repository: string): string[] => [
    ...verify('other.zip', 'other.zip', r.san, r.issuer),
    ...workflowClaims(r, repository)
  ]
  const newFormat = (command: string, artifact: string, bundle: string): string[] => [
    cosign,
    command,
    r.file(artifact),
    '--bundle',
    r.file(bundle),
    '--new-bundle-format',
    '--trusted-root',
    r.file('trusted_root.json')
  ]
  const attestation = (artifact: string): string[] => [
    ...newFormat('verify-blob-attestation', artifact, 'multiple.intoto.jsonl'),
    '--type',
    'slsaprovenance1',
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer
  ]
  return [
    ...signatureChecks(r, GITHUB_ISSUER).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      env,
      command: verify(c.artifact, c.signedAs, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'GitHub workflow claims',
      expect: 'accept',
      env,
      command: claims(r.context.repository)
    },
    { tool, name: 'another repository', expect: 'reject', env, command: claims('someone/else') },
    // The bundle format, which cosign v2 reads when asked to (and then takes a trusted root).
    {
      tool,
      name: 'bundle with --new-bundle-format',
      expect: 'accept',
      command: [
        ...newFormat('verify-blob', 'other.zip', 'other.zip.sigstore.json'),
        '--certificate-identity',
        r.san,
        '--certificate-oidc-issuer',
        r.issuer
      ]
    },
    {
      tool,
      name: 'provenance covers the asset',
      expect: 'accept',
      command: attestation(SPACED)
    },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: attestation('tampered.tar.gz')
    }
  ]
}

export function sigstorePythonIdentity(python: string, r: SignedRelease): Case[] {
  const tool = 'sigstore-python'
  const verify = (artifact: string, bundle: string, identity: string, issuer: string): string[] => [
    python,
    '-m',
    'sigstore',
    '--trust-config',
    r.file('trust_config.json'),
    'verify',
    'identity',
    '--offline',
    '--bundle',
    r.file(bundle),
    '--cert-identity',
    identity,
    '--cert-oidc-issuer',
    issuer,
    r.file(artifact)
  ]
  return [
    ...signatureChecks(r, GITHUB_ISSUER).map((c) => ({
      tool,
      name: c.name,
      expect: c.expect,
      command: verify(c.artifact, `${c.signedAs}.sigstore.json`, c.identity, c.issuer)
    })),
    {
      tool,
      name: 'provenance covers the asset',
      expect: 'accept',
      command: verify(SPACED, 'multiple.intoto.jsonl', r.san, r.issuer)
    },
    {
      tool,
      name: 'provenance lacks the file',
      expect: 'reject',
      command: verify('tampered.tar.gz', 'multiple.intoto.jsonl', r.san, r.issuer)
    }
  ]
}

/**
 * sigstore-python's `verify github`, which insists on GitHub's issuer: `r` is a release signed with
 * tokens naming it; `foreign` one signed under another issuer (the wrong-issuer case).
 */
export function sigstorePythonGitHub(
  python: string,
  r: SignedRelease,
  foreign: SignedRelease
): Case[] {
  const tool = 'sigstore-python github'
  const c = r.context
  const verify = (
    release: SignedRelease,
    artifact: string,
    signedAs: string,
    claims: Partial<Record<'repository' | 'ref' | 'sha' | 'trigger' | 'name' | 'identity', string>>
  ): string[] => {
    const all = {
      identity: release.san,
      repository: c.repository,
      ref: c.ref,
      sha: c.sha,
      trigger: c.eventName,
      name: c.workflowName,
      ...claims
    }
    return [
      python,
      '-m',
      'sigstore',
      '--trust-config',
      release.file('trust_config.json'),
      'verify',
      'github',
      '--offline',
      '--bundle',
      release.file(`${signedAs}.sigstore.json`),
      '--cert-identity',
      all.identity,
      '--repository',
      all.repository,
      '--ref',
      all.ref,
      '--sha',
      all.sha,
      '--trigger',
      all.trigger,
      '--name',
      all.name,
      release.file(artifact)
    ]
  }
  const cases: [string, Case['expect'], string[]][] = [
    ['every workflow claim', 'accept', verify(r, SPACED, SPACED, {})],
    ['checksums file', 'accept', verify(r, 'SHA256SUMS', 'SHA256SUMS', {})],
    ['flipped byte', 'reject', verify(r, 'tampered.tar.gz', SPACED, {})],
    ["another asset's signature", 'reject', verify(r, SPACED, 'other.zip', {})],
    ['wrong identity', 'reject', verify(r, SPACED, SPACED, { identity: `${r.san}x` })],
    ['wrong issuer', 'reject', verify(foreign, SPACED, SPACED, {})],
    ['another repository', 'reject', verify(r, SPACED, SPACED, { repository: 'someone/else' })],
    ['another commit', 'reject', verify(r, SPACED, SPACED, { sha: 'f'.repeat(40) })],
    ['another trigger', 'reject', verify(r, SPACED, SPACED, { trigger: 'pull_request_target' })],
    ['another ref', 'reject', verify(r, SPACED, SPACED, { ref: 'refs/heads/evil' })],
    ['another workflow name', 'reject', verify(r, SPACED, SPACED, { name: 'Other' })]
  ]
  return cases.map(([name, expect, command]) => ({ tool, name, expect, command }))
}

/** `gh attestation verify` with the provenance as a bundle file and the sandbox's trusted root. */
export function ghAttestation(gh: string, r: SignedRelease, home: string): Case[] {
  const tool = 'gh'
  const env = {
    GH_CONFIG_DIR: home,
    GH_NO_UPDATE_NOTIFIER: '1',
    GH_PROMPT_DISABLED: '1',
    NO_COLOR: '1'
  }
  const verify = (
    artifact: string,
    options: { bundle?: string; repo?: string; signer?: string; issuer?: string | null } = {}
  ): string[] => [
    gh,
    'attestation',
    'verify',
    r.file(artifact),
    '--bundle',
    r.file(options.bundle ?? 'multiple.intoto.jsonl'),
    '--custom-trusted-root',
    r.file('trusted_root.jsonl'),
    '--repo',
    options.repo ?? r.context.repository,
    '--signer-workflow',
    options.signer ?? r.signerWorkflow,
    // null: leave gh's default, GitHub's issuer
    ...(options.issuer === null ? [] : ['--cert-oidc-issuer', options.issuer ?? r.issuer])
  ]
  const cases: [string, Case['expect'], string[]][] = [
    ['asset with spaces', 'accept', verify(SPACED)],
    ['second asset', 'accept', verify('other.zip')],
    ['flipped byte', 'reject', verify('tampered.tar.gz')],
    ["another asset's bundle", 'reject', verify(SPACED, { bundle: 'other.zip.sigstore.json' })],
    ['wrong signer workflow', 'reject', verify(SPACED, { signer: `${r.signerWorkflow}x` })],
    ['wrong issuer', 'reject', verify(SPACED, { issuer: null })],
    ['another repository', 'reject', verify(SPACED, { repo: 'someone/else' })],
    ['provenance lacks the file', 'reject', verify('SHA256SUMS.sigstore.json')]
  ]
  return cases.map(([name, expect, command]) => ({ tool, name, expect, command, env }))
}

/** `sha256sum -c` over the signed checksums file, in the download directory and in a swapped copy. */
export function sha256sum(r: SignedRelease, swappedDir: string): Case[] {
  const tool = 'sha256sum'
  const command = ['sha256sum', '--check', '--strict', 'SHA256SUMS']
  return [
    { tool, name: 'every asset matches', expect: 'accept', command, cwd: r.dir },
    { tool, name: 'an asset swapped', expect: 'reject', command, cwd: swappedDir }
  ]
}

export interface Binaries {
  cosign: string
  cosign2: string
  gh: string
  python: string
  /** dist/cli/index.js */
  cli: string
}

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
  const tool = 'reusable workflow'
  const caller = r.context.repository
  const callerWorkflow = `${caller}/${r.context.workflowFile}`
  const gh = (repo: string, signer: string): string[] => [
    bin.gh,
    'attestation',
    'verify',
    r.file(SPACED),
    '--bundle',
    r.file('multiple.intoto.jsonl'),
    '--custom-trusted-root',
    r.file('trusted_root.jsonl'),
    '--repo',
    repo,
    '--signer-workflow',
    signer,
    '--cert-oidc-issuer',
    r.issuer
  ]
  const cosign = (identity: string, repository: string): string[] => [
    bin.cosign,
    'verify-blob',
    r.file(SPACED),
    '--bundle',
    r.file(`${SPACED}.sigstore.json`),
    '--trusted-root',
    r.file('trusted_root.json'),
    '--certificate-identity',
    identity,
    '--certificate-oidc-issuer',
    r.issuer,
    '--certificate-github-workflow-repository',
    repository
  ]
  const callerSan = `https://github.com/${callerWorkflow}@${r.context.ref}`
  const env = { GH_CONFIG_DIR: r.dir, GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' }
  const cases: [string, Case['expect'], string[]][] = [
    ['gh: caller repository, reusable signer', 'accept', gh(caller, r.signerWorkflow)],
    ["gh: the caller's own workflow as signer", 'reject', gh(caller, callerWorkflow)],
    ['gh: another caller repository', 'reject', gh('someone/else', r.signerWorkflow)],
    ['cosign v3: reusable identity, caller repository', 'accept', cosign(r.san, caller)],
    ["cosign v3: the caller's workflow as identity", 'reject', cosign(callerSan, caller)],
    ['cosign v3: another caller repository', 'reject', cosign(r.san, 'someone/else')]
  ]
  return [
    ...cases.map(([name, expect, command]) => ({ tool, name, expect, command, env })),
    ...summaryCommands(bin, r, 'reusable workflow, job summary')
  ]
}

/** The SBOM attestation (sbom.intoto.jsonl): a CycloneDX predicate over the same assets. */
export function sbomAttestation(bin: Binaries, r: SignedRelease, ghHome: string): Case[] {
  const tool = 'SBOM attestation'
  const cosign = (artifact: string): string[] => [
    bin.cosign,
    'verify-blob-attestation',
    r.file(artifact),
    '--bundle',
    r.file('sbom.intoto.jsonl'),
    '--type',
    'cyclonedx',
    '--trusted-root',
    r.file('trusted_root.json'),
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer
  ]
  const gh = (predicateType: string[]): string[] => [
    bin.gh,
    'attestation',
    'verify',
    r.file(SPACED),
    '--bundle',
    r.file('sbom.intoto.jsonl'),
    '--custom-trusted-root',
    r.file('trusted_root.jsonl'),
    '--repo',
    r.context.repository,
    '--signer-workflow',
    r.signerWorkflow,
    '--cert-oidc-issuer',
    r.issuer,
    ...predicateType
  ]
  const env = { GH_CONFIG_DIR: ghHome, GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' }
  const cases: [string, Case['expect'], string[]][] = [
    ['cosign v3: covers the asset', 'accept', cosign(SPACED)],
    ['cosign v3: flipped byte', 'reject', cosign('tampered.tar.gz')],
    ['gh: CycloneDX predicate', 'accept', gh(['--predicate-type', 'https://cyclonedx.org/bom'])],
    ['gh: taken for SLSA provenance', 'reject', gh([])]
  ]
  return cases.map(([name, expect, command]) => ({ tool, name, expect, command, env }))
}

/**
 * A release signed on an instance without a transparency log: cosign accepts it on the bundle's
 * signed timestamp when told to, refuses it otherwise, and gh accepts the provenance.
 */
export function withoutLog(bin: Binaries, r: SignedRelease, ghHome: string): Case[] {
  const tool = 'no transparency log'
  const cosign = (artifact: string, flags: string[]): string[] => [
    bin.cosign,
    'verify-blob',
    r.file(artifact),
    '--bundle',
    r.file(`${SPACED}.sigstore.json`),
    '--trusted-root',
    r.file('trusted_root.json'),
    '--certificate-identity',
    r.san,
    '--certificate-oidc-issuer',
    r.issuer,
    ...flags
  ]
  const timestamps = ['--use-signed-timestamps', '--insecure-ignore-tlog']
  const env = { GH_CONFIG_DIR: ghHome, GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' }
  const cases: [string, Case['expect'], string[]][] = [
    ['cosign v3: on the signed timestamp', 'accept', cosign(SPACED, timestamps)],
    ['cosign v3: flipped byte', 'reject', cosign('tampered.tar.gz', timestamps)],
    ['cosign v3: a log entry expected', 'reject', cosign(SPACED, [])]
  ]
  return [
    ...cases.map(([name, expect, command]) => ({ tool, name, expect, command, env })),
    ...summaryCommands(bin, r, 'no transparency log, job summary')
  ]
}
