/**
 * One service over several connection pools: enough lanes for the bundles signing at once, each
 * lane with fetch options of its own (make-fetch-happen keys its agent on them), and each call on
 * the lane with the fewest calls in flight.
 */
import { describe, expect, it } from '@jest/globals'
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign'
import {
  SOCKETS_PER_POOL,
  WitnessLanes,
  laneFetch,
  lanesFor,
  witnessLanes
} from '../../../src/sign/witness-lanes.js'

/** A witness that answers only when the test says so, and records the calls it got. */
class HeldWitness implements Witness {
  readonly calls: string[] = []
  private readonly pending: (() => void)[] = []

  testify(content: SignatureBundle): Promise<VerificationMaterial> {
    this.calls.push(String(content.$case))
    return new Promise((resolve) => this.pending.push(() => resolve({ tlogEntries: [] })))
  }

  answerOne(): void {
    this.pending.shift()?.()
  }

  answerAll(): void {
    while (this.pending.length > 0) this.answerOne()
  }
}

const content = { $case: 'messageSignature' } as unknown as SignatureBundle

describe('lanesFor', () => {
  it('opens one pool per 15 requests at once', () => {
    expect(SOCKETS_PER_POOL).toBe(15)
    expect(lanesFor(1)).toBe(1)
    expect(lanesFor(15)).toBe(1)
    expect(lanesFor(16)).toBe(2)
    expect(lanesFor(32)).toBe(3)
    expect(lanesFor(0)).toBe(1)
  })
})

describe('laneFetch', () => {
  it("gives each lane a timeout of its own and keeps the service's retries", () => {
    const fetch = { timeout: 30000, retry: { retries: 3, minTimeout: 1000, factor: 2 } }
    const lanes = [0, 1, 2].map((i) => laneFetch(fetch, i))
    expect(lanes.map((lane) => lane.timeout)).toEqual([30000, 30001, 30002])
    for (const lane of lanes) expect(lane.retry).toEqual(fetch.retry)
    expect(fetch.timeout).toBe(30000)
  })
})

describe('witnessLanes', () => {
  it('is the bare witness when one lane is enough', () => {
    const only = new HeldWitness()
    expect(witnessLanes(1, () => only)).toBe(only)
  })

  it('sends each call to the lane with the fewest calls in flight', async () => {
    const held = [new HeldWitness(), new HeldWitness(), new HeldWitness()]
    const lanes = witnessLanes(3, (i) => held[i] as HeldWitness)
    expect(lanes).toBeInstanceOf(WitnessLanes)

    const answers = Array.from({ length: 6 }, () => lanes.testify(content, 'key'))
    expect(held.map((w) => w.calls.length)).toEqual([2, 2, 2])

    // The second lane finishes a call: the next call goes there, not to the first lane.
    held[1]?.answerOne()
    await answers[1]
    answers.push(lanes.testify(content, 'key'))
    expect(held.map((w) => w.calls.length)).toEqual([2, 3, 2])

    for (const w of held) w.answerAll()
    await expect(Promise.all(answers)).resolves.toHaveLength(7)
  })
})
