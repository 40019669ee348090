/**
 * The job summary as a browser shows it: rendered as GitHub-flavoured Markdown (marked, GFM) and
 * kept as an HTML snapshot, so a change to what a maintainer sees is a reviewed change. A summary
 * of hostile names must render without any tag or link the action did not write.
 */
import { describe, expect, it } from '@jest/globals'
import { marked } from 'marked'
import { renderSummary, type SummaryInput } from '../../../src/report/summary.js'

const input: SummaryInput = {
  repository: 'octo-org/tool',
  releaseTag: 'v1.2.3',
  releaseUrl: 'https://github.com/octo-org/tool/releases/tag/v1.2.3',
  draft: false,
  dryRun: false,
  assets: [
    {
      name: 'tool linux amd64.tar.gz',
      sha256: 'a1'.repeat(32),
      size: 5 * 1024 * 1024,
      sidecars: ['tool.linux.amd64.tar.gz.sigstore.json', 'tool.linux.amd64.tar.gz.sig'],
      logIndex: '123456789',
      reused: false
    },
    {
      name: 'SHA256SUMS',
      sha256: 'b2'.repeat(32),
      size: 90,
      sidecars: ['SHA256SUMS.sigstore.json'],
      logIndex: '123456790',
      reused: true,
      checksumsFile: true
    }
  ],
  skipped: [],
  commands: {
    san: 'https://github.com/octo-org/tool/.github/workflows/release.yml@refs/tags/v1.2.3',
    issuer: 'https://token.actions.githubusercontent.com',
    custom: false,
    rekorUrl: 'https://rekor.sigstore.dev',
    repository: 'octo-org/tool',
    signerWorkflow: 'octo-org/tool/.github/workflows/release.yml'
  },
  provenance: {
    name: 'multiple.intoto.jsonl',
    subjects: 1,
    builder: 'https://github.com/octo-org/tool/.github/workflows/release.yml@refs/tags/v1.2.3'
  },
  checksums: 'SHA256SUMS',
  policy: ['refs: refs/tags/v*', 'events: push', 'protected ref: required', 'runner: github-hosted']
}

describe('the job summary in a browser', () => {
  it('renders as GitHub-flavoured Markdown to the reviewed HTML', () => {
    expect(marked.parse(renderSummary(input), { gfm: true, async: false })).toMatchSnapshot()
  })

  it('keeps every line of a command within a browser window', () => {
    const html = marked.parse(renderSummary(input), { gfm: true, async: false })
    const code = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1] ?? '')
    expect(code.length).toBeGreaterThan(3)
    for (const block of code)
      for (const line of block.split('\n'))
        expect(line.replace(/&#?\w+;/g, 'x').length).toBeLessThanOrEqual(110)
  })

  it('renders hostile asset names as text, never as markup', () => {
    const hostile = {
      ...input,
      assets: [{ ...input.assets[0], name: '<img src=x onerror=alert(1)>[x](javascript:1)|`a`' }]
    } as SummaryInput
    const html = marked.parse(renderSummary(hostile), { gfm: true, async: false })
    expect(html).not.toContain('<img')
    expect(html).not.toContain('href="javascript')
  })
})
