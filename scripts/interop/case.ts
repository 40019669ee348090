/**
 * The interop suite's vocabulary: a case (a command a user would type, and whether the tool must
 * accept or reject), the pinned binaries, and the checks every tool runs on the same files.
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
export interface Check {
  name: string
  expect: 'accept' | 'reject'
  artifact: string
  /** The asset whose bundle/.sig/.pem is used. */
  signedAs: string
  identity: string
  issuer: string
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/** The asset uploaded as `tool linux.tar.gz`, under the name GitHub gives it. */
export const SPACED = 'tool.linux.tar.gz'

/** The signature checks every tool runs on the same files (the wrong issuer is GitHub's). */
export function signatureChecks(r: SignedRelease): Check[] {
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
      issuer: GITHUB_ISSUER
    }
  ]
}

export function workflowClaims(r: SignedRelease, repository: string): string[] {
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

export interface Binaries {
  cosign: string
  cosign2: string
  gh: string
  python: string
  /** dist/cli/index.js */
  cli: string
}

/** The GitHub CLI with its own config directory, and nothing interactive. */
export function ghEnv(home: string): Record<string, string> {
  return { GH_CONFIG_DIR: home, GH_NO_UPDATE_NOTIFIER: '1', GH_PROMPT_DISABLED: '1', NO_COLOR: '1' }
}

/** Rows of [name, expect, command] as the cases of one tool. */
export function casesOf(
  tool: string,
  rows: [string, Case['expect'], string[]][],
  env?: Record<string, string>
): Case[] {
  return rows.map(([name, expect, command]) => ({ tool, name, expect, command, env }))
}
