/**
 * The run's Sigstore services: Rekor v1 or v2 and the TSA become witnesses in that order (only
 * those the instance has), each with the per-attempt deadline and retries of the environment.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { sigstoreFetch, witnessesFor } from '../../../src/sign/context.js'
import { RekorV2Witness } from '../../../src/sign/rekor-v2-witness.js'
import { WitnessLanes } from '../../../src/sign/witness-lanes.js'
import type { Instance } from '../../../src/sigstore/instance.js'

const saved = { ...process.env }
afterEach(() => {
  for (const name of ['SIGN_RELEASE_HTTP_TIMEOUT_MS', 'SIGN_RELEASE_RETRY_BASE_MS']) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})

/** Each witness's kind: every lane of a service is a witness of the same kind. */
const kinds = (witnesses: Witness[]): unknown[] =>
  witnesses.map((w) => {
    expect(w).toBeInstanceOf(WitnessLanes)
    const lanes = (w as WitnessLanes).lanes
    expect(lanes).toHaveLength(3)
    expect(new Set(lanes.map((lane) => lane.constructor)).size).toBe(1)
    return lanes[0]?.constructor
  })

const instance = (parts: Partial<Instance>): Instance =>
  ({ name: 'custom', fulcioUrl: 'https://fulcio', ...parts }) as Instance

describe('witnessesFor', () => {
  it('logs on Rekor v1, then timestamps', () => {
    const witnesses = witnessesFor(instance({ rekorUrl: 'https://rekor', tsaUrl: 'https://tsa' }))
    expect(kinds(witnesses)).toEqual([RekorWitness, TSAWitness])
  })

  it('logs on Rekor v2 when the instance says so', () => {
    const witnesses = witnessesFor(
      instance({ rekorUrl: 'https://log2025', rekorVersion: 2, tsaUrl: 'https://tsa' })
    )
    expect(kinds(witnesses)).toEqual([RekorV2Witness, TSAWitness])
  })

  it("gives an instance without a log (GitHub's) timestamps only, and one with neither nothing", () => {
    expect(kinds(witnessesFor(instance({ tsaUrl: 'https://tsa' })))).toEqual([TSAWitness])
    expect(witnessesFor(instance({}))).toEqual([])
  })
})

describe('sigstoreFetch', () => {
  it('allows 30 s an attempt and three retries from 1 s, by default', () => {
    delete process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS
    delete process.env.SIGN_RELEASE_RETRY_BASE_MS
    expect(sigstoreFetch()).toEqual({
      timeout: 30000,
      retry: { retries: 3, minTimeout: 1000, factor: 2 }
    })
  })

  it('takes a shorter deadline and first delay from the environment, never a longer deadline', () => {
    process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '500'
    process.env.SIGN_RELEASE_RETRY_BASE_MS = '5'
    expect(sigstoreFetch()).toEqual({
      timeout: 500,
      retry: { retries: 3, minTimeout: 5, factor: 2 }
    })
    process.env.SIGN_RELEASE_HTTP_TIMEOUT_MS = '120000'
    expect(sigstoreFetch().timeout).toBe(30000)
  })
})
