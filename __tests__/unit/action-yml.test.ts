/** action.yml is the public interface: it must declare exactly what the code reads and writes. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { parseInputs, type Inputs } from '../../src/inputs.js'
import type { RunResult } from '../../src/pipeline.js'
import { report } from '../../src/report/index.js'
import { verifyActionYml } from '../helpers/verify-action.js'

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares every input the code reads, each with a description, and no other', () => {
    const read = new Set<string>()
    parseInputs((name) => {
      read.add(name)
      return name === 'github-token' ? 'token' : ''
    })
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort())
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10)
  })

  it('keeps the design’s public defaults', () => {
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([k, v]) => [k, v.default])
    )
    expect(defaults).toMatchObject({
      assets: '*',
      sidecars: 'bundle,sig,pem',
      provenance: 'true',
      'provenance-name': 'multiple.intoto.jsonl',
      checksums: 'SHA256SUMS',
      attestations: 'auto',
      sigstore: 'auto',
      'on-existing': 'skip',
      publish: 'false',
      'dry-run': 'false'
    })
  })

  it('declares every output the report writes, each with a description, and no other', () => {
    const result = {
      plan: {
        release: {
          id: 1,
          tagName: 'v1',
          htmlUrl: 'https://github.com/o/r/releases/v1',
          draft: false
        },
        subjects: [],
        statements: [],
        skipped: []
      },
      instance: {
        name: 'public-good',
        rekorUrl: 'https://rekor.example',
        trustedRoot: { ctlogs: [] }
      },
      bundles: new Map(),
      bundleDir: '',
      bundlePaths: [],
      published: true,
      afterPublish: {
        downloads: { verified: 1, problems: [] },
        releaseAttestation: { status: 'verified' },
        ok: true
      }
    } as unknown as RunResult
    const { outputs } = report(result, { dryRun: false } as Inputs, 'o/r')
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(outputs).sort())
    expect(outputs['downloads-verified']).toBe('true')
    expect(outputs['release-attestation']).toBe('verified')
    for (const output of Object.values(action.outputs))
      expect(output.description.length).toBeGreaterThan(10)
  })
})

describe('verify/action.yml', () => {
  const { action, step } = verifyActionYml()
  /** The inputs for `sign-release verify --require-authorization`, and the flags they become. */
  const authorization: Record<string, string> = {
    'require-authorization': '--require-authorization',
    approvers: '--approver',
    environment: '--environment'
  }

  it('declares the authorisation requirement of sign-release verify as inputs, off by default', () => {
    for (const input of Object.keys(authorization))
      expect(action.inputs[input]?.description.length).toBeGreaterThan(10)
    expect(action.inputs['require-authorization']?.default).toBe('false')
    expect(action.inputs.approvers?.default).toBe('')
    expect(action.inputs.environment?.default).toBe('')
  })

  it('passes each to its script through env, never interpolated, and turns it into its flag', () => {
    const wired = Object.entries(step.env ?? {}).map(([name, value]) => ({
      name,
      input: /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)?.[1]
    }))
    expect(step.run).not.toContain('${{')
    for (const [input, flag] of Object.entries(authorization)) {
      const variable = wired.find((w) => w.input === input)?.name
      expect(variable).toBeDefined()
      expect(step.run).toContain(`"$${variable}"`)
      expect(step.run).toContain(flag)
    }
  })
})
