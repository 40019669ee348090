/**
 * The verification commands printed for downloaders: each tool gets the flags its instance needs
 * (trusted root, no log, no SCT, Rekor v2), names are quoted for the shell, and long commands are
 * wrapped so that the shell still reads the same words.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import {
  attestationCommands,
  authorizationCommand,
  releaseCommand,
  shellQuote,
  verifyCommands,
  wrapCommand
} from '../../../src/report/commands.js'

const commands = {
  san: 'https://github.com/o/r/.github/workflows/rel.yml@refs/tags/v1',
  issuer: 'https://token.actions.githubusercontent.com',
  custom: false,
  rekorUrl: 'https://rekor.example',
  repository: 'o/r',
  signerWorkflow: 'o/r/.github/workflows/rel.yml'
}

/** The words a POSIX shell reads from a command line. */
const argv = async (command: string): Promise<string[]> => {
  const { stdout } = await promisify(execFile)('sh', [
    '-c',
    `set -- ${command}; printf '%s\\0' "$@"`
  ])
  return stdout.split('\0').slice(0, -1)
}

describe('asset commands', () => {
  it('quotes names for the shell and passes the trust material of a custom instance', () => {
    expect(shellQuote("it's here.bin")).toBe(`'it'\\''s here.bin'`)
    expect(shellQuote('plain-1.0.tar.gz')).toBe('plain-1.0.tar.gz')
    const [cosign, python, legacy] = verifyCommands('a b.zip', {
      ...commands,
      custom: true,
      rekorUrl: 'http://127.0.0.1:1'
    })
    expect(cosign?.command).toBe(
      `cosign verify-blob 'a b.zip' --bundle 'a b.zip.sigstore.json' --trusted-root trusted_root.json --certificate-identity ${commands.san} --certificate-oidc-issuer ${commands.issuer}`
    )
    expect(python?.command).toContain(
      'python -m sigstore --trust-config trust_config.json verify identity'
    )
    expect(legacy?.command).toContain("--signature 'a b.zip.sig' --certificate 'a b.zip.pem'")
    expect(legacy?.command).toMatch(
      /^SIGSTORE_ROOT_FILE=fulcio_chain.pem .* --rekor-url http:\/\/127.0.0.1:1$/
    )
    const [, , production] = verifyCommands('a.zip', commands)
    expect(production?.command).toMatch(/^cosign verify-blob a.zip --signature a.zip.sig /)
    expect(production?.command).not.toContain('--rekor-url')
  })

  it('for Rekor v2 names the verifiers that read it, and gives cosign v2 the bundle, not .sig/.pem', () => {
    const v2 = {
      ...commands,
      rekorUrl: 'https://log2025-1.rekor.example',
      rekorVersion: 2 as const
    }
    const tools = verifyCommands('a.zip', { ...v2, custom: true }).map((c) => c.tool)
    expect(tools).toEqual([
      'cosign v3 (≥ 3.0.5)',
      'sigstore-python (≥ 4)',
      'cosign v2 (the bundle: Rekor v2 has no index to find a .sig in)'
    ])
    const [, , cosignV2] = verifyCommands('a.zip', { ...v2, custom: true })
    expect(cosignV2?.command).toBe(
      `cosign verify-blob a.zip --bundle a.zip.sigstore.json --new-bundle-format --use-signed-timestamps --trusted-root trusted_root.json --certificate-identity ${commands.san} --certificate-oidc-issuer ${commands.issuer}`
    )
  })
})

describe('sign-release verify for the whole release', () => {
  // What follows the program's name: the package name is the README's to decide.
  const args = (command: string): string => command.slice(command.indexOf(' verify ') + 1)

  it('pins the signing workflow and the ref it ran at, read from the SAN', () => {
    expect(args(releaseCommand('v1', commands))).toBe(
      'verify --repo o/r --tag v1 --signer-workflow o/r/.github/workflows/rel.yml --ref refs/tags/v1'
    )
    // A SAN without a ref gives no --ref rather than a wrong one.
    const noRef = { ...commands, san: 'https://github.com/o/r/.github/workflows/rel.yml' }
    expect(releaseCommand('v1', noRef)).not.toContain('--ref')
  })

  it("passes the instance's trusted root and issuer where the CLI cannot know them", () => {
    expect(releaseCommand('v1', { ...commands, custom: true })).toMatch(
      / --trusted-root trusted_root.json --certificate-oidc-issuer https:\/\/token.actions.githubusercontent.com$/
    )
    expect(releaseCommand('v1', { ...commands, github: true })).toMatch(
      / --trusted-root github_trusted_root.json$/
    )
    expect(releaseCommand('v1', commands)).not.toContain('--trusted-root')
  })

  it('names a server other than github.com, to the CLI by origin and to gh by host', () => {
    const ghes = { ...commands, serverUrl: 'https://ghes.example.com:8443/' }
    expect(releaseCommand('v1', ghes)).toMatch(/ --server-url https:\/\/ghes.example.com:8443$/)
    const [gh] = attestationCommands('a.zip', 'p.jsonl', 'https://slsa.dev/provenance/v1', ghes)
    expect(gh?.command).toMatch(/ --hostname ghes.example.com:8443$/)
    const dotcom = { ...commands, serverUrl: 'https://github.com' }
    expect(releaseCommand('v1', dotcom)).not.toContain('--server-url')
    expect(
      attestationCommands('a.zip', 'p.jsonl', 'https://slsa.dev/provenance/v1', dotcom)[0]?.command
    ).not.toContain('--hostname')
  })

  it('requires the authorisation statement: the environment and each approver, quoted', () => {
    expect(args(authorizationCommand("v1 'rc'", commands, 'prod env', ['alice', 'bob']))).toBe(
      `verify --repo o/r --tag 'v1 '\\''rc'\\''' --signer-workflow o/r/.github/workflows/rel.yml --ref refs/tags/v1 --require-authorization --environment 'prod env' --approver alice --approver bob`
    )
  })
})

describe("commands for GitHub's instance", () => {
  const github = { ...commands, github: true, withoutSct: true, rekorUrl: undefined }
  it('give cosign its trusted root, timestamps instead of a log, no SCT; gh needs nothing more', () => {
    const verify = verifyCommands('a.zip', github)
    expect(verify.map((c) => c.tool)).toEqual(['cosign v3'])
    expect(verify[0]?.command).toBe(
      `cosign verify-blob a.zip --bundle a.zip.sigstore.json --trusted-root github_trusted_root.json --insecure-ignore-sct --use-signed-timestamps --insecure-ignore-tlog --certificate-identity ${commands.san} --certificate-oidc-issuer ${commands.issuer}`
    )
    const [ghCommand, cosign] = attestationCommands(
      'a.zip',
      'multiple.intoto.jsonl',
      'https://slsa.dev/provenance/v1',
      github
    )
    expect(ghCommand?.command).toBe(
      'gh attestation verify a.zip --bundle multiple.intoto.jsonl --repo o/r --signer-workflow o/r/.github/workflows/rel.yml'
    )
    expect(cosign?.command).toContain(
      '--trusted-root github_trusted_root.json --insecure-ignore-sct --use-signed-timestamps --insecure-ignore-tlog'
    )
  })

  it('tell cosign not to ask for an SCT when its trusted root comes from a TUF mirror too', () => {
    const mirrored = { ...commands, custom: true, withoutSct: true, rekorUrl: undefined }
    expect(verifyCommands('a.zip', mirrored)[0]?.command).toContain(
      '--trusted-root trusted_root.json --insecure-ignore-sct --use-signed-timestamps --insecure-ignore-tlog'
    )
    const [, cosign] = attestationCommands(
      'a.zip',
      'sbom.intoto.jsonl',
      'https://cyclonedx.org/bom',
      mirrored
    )
    expect(cosign?.command).toContain('--trusted-root trusted_root.json --insecure-ignore-sct')
    // An instance whose certificates carry SCTs keeps cosign's check.
    expect(verifyCommands('a.zip', { ...mirrored, withoutSct: false })[0]?.command).not.toContain(
      '--insecure-ignore-sct'
    )
  })
})

describe('attestation commands', () => {
  it('name the predicate for gh and cosign: SLSA by default, the SBOM types explicitly', () => {
    const [ghSlsa, cosignSlsa] = attestationCommands(
      'a.zip',
      'multiple.intoto.jsonl',
      'https://slsa.dev/provenance/v1',
      commands
    )
    expect(ghSlsa?.command).toBe(
      'gh attestation verify a.zip --bundle multiple.intoto.jsonl --repo o/r --signer-workflow o/r/.github/workflows/rel.yml'
    )
    expect(cosignSlsa?.command).toContain('--type slsaprovenance1 --certificate-identity')
    const [ghSpdx, cosignSpdx] = attestationCommands(
      'a.zip',
      'sbom.intoto.jsonl',
      'https://spdx.dev/Document',
      commands
    )
    expect(ghSpdx?.command).toContain('--predicate-type https://spdx.dev/Document')
    expect(cosignSpdx?.command).toContain('--type spdxjson')
    const [, cosignOther] = attestationCommands('a.zip', 'x.jsonl', 'https://example/p', commands)
    expect(cosignOther?.command).toContain('--type https://example/p')
  })
})

describe('shell quoting', () => {
  it('gives the shell back each name exactly, whatever it holds', async () => {
    const names = [
      "it's",
      'a b',
      '$(touch x)',
      '`id`',
      'tab\there',
      'new\nline',
      '*',
      '-n',
      'ü.zip'
    ]
    const words = names.map(shellQuote).join(' ')
    expect(await argv(`printf x ${words}`)).toEqual(['printf', 'x', ...names])
  })
})

describe('wrapped commands', () => {
  const long = verifyCommands('my --tool (linux).tar.gz', { ...commands, custom: true })

  it('wraps long commands before each flag and the shell still reads the same words', async () => {
    for (const { command } of long) {
      const wrapped = wrapCommand(command)
      const lines = wrapped.split('\n')
      expect(lines.length).toBeGreaterThan(1)
      for (const line of lines.slice(0, -1)) expect(line.endsWith(' \\')).toBe(true)
      for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}--/)
      expect(await argv(wrapped)).toEqual(await argv(command))
    }
  })

  it('leaves short commands on one line, and never splits a quoted name', () => {
    expect(wrapCommand('sha256sum -c SHA256SUMS --ignore-missing')).toBe(
      'sha256sum -c SHA256SUMS --ignore-missing'
    )
    const wrapped = wrapCommand(long[0]?.command ?? '')
    expect(wrapped).toContain("'my --tool (linux).tar.gz'")
  })
})
