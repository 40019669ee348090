/**
 * One Sigstore service reached over several connection pools. sigstore-js sends its requests
 * through make-fetch-happen, whose HTTP agent (@npmcli/agent) opens at most 15 sockets to a host,
 * and neither takes an agent or a socket count from the witnesses' options: with 32 bundles
 * signing at once, the 16th Rekor request waited for the first answer, so a release of 30 assets
 * paid two Rekor round trips instead of one (100 assets: seven instead of four). The agent is
 * chosen by the request's options, the timeout among them, so witnesses built with timeouts a
 * millisecond apart each get a pool of their own. Each call goes to the lane with the fewest
 * calls in flight.
 */
import type { SignatureBundle, VerificationMaterial, Witness } from '@sigstore/sign'
import type { FetchOptions } from './signer.js'

/** make-fetch-happen's sockets per host and agent (@npmcli/agent's default maxSockets). */
export const SOCKETS_PER_POOL = 15

/** Pools enough for `concurrency` requests at once to one service. */
export function lanesFor(concurrency: number): number {
  return Math.max(1, Math.ceil(concurrency / SOCKETS_PER_POOL))
}

/** Lane `i`'s fetch options: a timeout `i` ms longer than the service's, so a pool of its own. */
export function laneFetch(fetch: FetchOptions, i: number): FetchOptions {
  return { ...fetch, timeout: fetch.timeout + i }
}

/** `count` witnesses from `lane(i)`, each built with a timeout of its own, as one witness. */
export function witnessLanes(count: number, lane: (i: number) => Witness): Witness {
  return count === 1 ? lane(0) : new WitnessLanes(Array.from({ length: count }, (_, i) => lane(i)))
}

export class WitnessLanes implements Witness {
  private readonly busy: number[]

  constructor(readonly lanes: Witness[]) {
    this.busy = lanes.map(() => 0)
  }

  async testify(content: SignatureBundle, publicKey: string): Promise<VerificationMaterial> {
    const index = this.busy.indexOf(Math.min(...this.busy))
    this.busy[index] = (this.busy[index] ?? 0) + 1
    try {
      return await (this.lanes[index] as Witness).testify(content, publicKey)
    } finally {
      this.busy[index] = (this.busy[index] ?? 1) - 1
    }
  }
}
