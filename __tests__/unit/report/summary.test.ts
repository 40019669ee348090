/**
 * The job summary (Markdown with HTML): untrusted names escaped, digests, sidecars and log entries
 * per asset, the verification commands, and what the instance needs said about its trust.
 */
import { describe, expect, it } from '@jest/globals'
import { GITHUB_TRUSTED_ROOT_COMMAND } from '../../../src/report/commands.js'
import { escapeHtml, renderSummary, VERIFICATION_DOCS } from '../../../src/report/summary.js'
import { unwrapped } from '../../helpers/verify.js'

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
  })

  it("for GitHub's instance shows how to get its trusted root, and passes it to sign-release verify", () => {
    const github = { ...commands, github: true, rekorUrl: undefined }
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
