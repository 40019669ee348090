import { describe, expect, it } from '@jest/globals'
import {
  attestationCommands,
  GITHUB_TRUSTED_ROOT_COMMAND,
  shellQuote,
  verifyCommands,
  wrapCommand
} from '../../src/report/commands.js'
import { escapeHtml, renderSummary, VERIFICATION_DOCS } from '../../src/report/summary.js'
import { mapLimit } from '../../src/util/pool.js'
import { unwrapped } from '../helpers/verify.js'
import { formatBytes } from '../../src/util/format.js'

const commands = {
  san: 'https://github.com/o/r/.github/workflows/rel.yml@refs/tags/v1',
  issuer: 'https://token.actions.githubusercontent.com',
  custom: false,
  rekorUrl: 'https://rekor.example',
  repository: 'o/r',
  signerWorkflow: 'o/r/.github/workflows/rel.yml'
}

describe('job summary', () => {
  it('escapes asset names and shows digests, sidecars, log entries and commands', () => {
    const md = renderSummary({
      repository: 'o/r',
      releaseTag: 'v1',
      releaseUrl: 'https://github.com/o/r/releases/tag/v1',
      draft: true,
      dryRun: false,
      assets: [
        {
          name: '<img src=x>|a.zip',
          sha256: 'ab'.repeat(32),
          size: 2048,
          sidecars: ['a.zip.sig'],
          logIndex: '7',
          reused: false
        }
      ],
      skipped: [{ name: 'half.bin', reason: 'never finished' }],
      commands
    })
    expect(md).not.toContain('<img src=x>')
    expect(md).toContain('&#60;img src=x&#62;&#124;a.zip')
    expect(md).toContain('ab'.repeat(32))
    expect(md).toContain('2.0 KiB')
    expect(md).toContain('https://rekor.example/api/v1/log/entries?logIndex=7')
    expect(md).toContain('cosign verify-blob')
    expect(unwrapped(md)).toContain(
      'npx sign-release verify --repo o/r --tag v1 --signer-workflow o/r/.github/workflows/rel.yml --ref refs/tags/v1'
    )
    expect(md).toContain('half.bin')
    expect(md).toContain(`<a href="${VERIFICATION_DOCS}">`)
    expect(escapeHtml('a&b')).toBe('a&#38;b')
  })

  it('for Rekor v2 bundles links no v1 entry, gives no .sig/.pem command, and names the verifiers', () => {
    const v2 = {
      ...commands,
      rekorUrl: 'https://log2025-1.rekor.example',
      rekorVersion: 2 as const
    }
    const md = renderSummary({
      repository: 'o/r',
      releaseTag: 'v1',
      releaseUrl: 'https://github.com/o/r/releases/tag/v1',
      draft: false,
      dryRun: false,
      assets: [
        {
          name: 'a.zip',
          sha256: 'ab'.repeat(32),
          size: 1,
          sidecars: [],
          logIndex: '7',
          logV2: true,
          reused: false
        }
      ],
      skipped: [],
      commands: v2
    })
    expect(md).not.toContain('/api/v1/log/entries')
    expect(md).toContain('<td>7</td>')
    expect(md).not.toContain('--signature')
    expect(unwrapped(md)).toContain('--new-bundle-format --use-signed-timestamps')
    expect(md).toContain('cosign ≥ 3.0.5, sigstore-python ≥ 4, @sigstore/verify ≥ 4.1')
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

  it("show how to get the instance's trusted root, and pass it to sign-release verify", () => {
    const md = renderSummary({
      repository: 'o/r',
      releaseTag: 'v1',
      releaseUrl: 'https://github.com/o/r/releases/tag/v1',
      draft: false,
      dryRun: false,
      assets: [{ name: 'a.zip', sha256: 'ab'.repeat(32), size: 1, sidecars: [], reused: false }],
      skipped: [],
      commands: github,
      instance: { name: 'github', reason: 'the repository is private' }
    })
    expect(md).toContain('Sigstore instance: <code>github</code> (the repository is private)')
    expect(md).toContain(escapeHtml(GITHUB_TRUSTED_ROOT_COMMAND))
    expect(unwrapped(md)).toContain(
      escapeHtml('--ref refs/tags/v1 --trusted-root github_trusted_root.json')
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

describe('utilities', () => {
  it('maps with bounded concurrency, keeping order', async () => {
    let running = 0
    let peak = 0
    const result = await mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      running++
      peak = Math.max(peak, running)
      await Promise.resolve()
      running--
      return n * 10
    })
    expect(result).toEqual([10, 20, 30, 40, 50])
    expect(peak).toBe(2)
  })
  it('formats sizes', () => {
    expect(formatBytes(12)).toBe('12 B')
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3.0 GiB')
  })
})

describe('commands in the summary', () => {
  const long = verifyCommands('my --tool (linux).tar.gz', { ...commands, custom: true })
  const argv = async (command: string): Promise<string[]> => {
    const { execFile } = await import('node:child_process')
    const { promisify } = await import('node:util')
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      `set -- ${command}; printf '%s\\0' "$@"`
    ])
    return stdout.split('\0').slice(0, -1)
  }

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

  it('counts the assets without the checksums file, and shortens digests with the full value one click away', () => {
    const md = renderSummary({
      repository: 'o/r',
      releaseTag: 'v1',
      releaseUrl: 'https://github.com/o/r/releases/tag/v1',
      draft: false,
      dryRun: false,
      assets: [
        { name: 'a.zip', sha256: 'cd'.repeat(32), size: 1, sidecars: [], reused: false },
        {
          name: 'SHA256SUMS',
          sha256: 'ef'.repeat(32),
          size: 1,
          sidecars: [],
          reused: false,
          checksumsFile: true
        }
      ],
      skipped: [],
      commands,
      checksums: 'SHA256SUMS'
    })
    expect(md).toContain('## sign-release signed 1 asset and SHA256SUMS')
    expect(md).toContain(
      `<details><summary><code>${'cd'.repeat(6)}…</code></summary><code>${'cd'.repeat(32)}</code></details>`
    )
  })
})
