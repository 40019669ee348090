/**
 * Write pacing: a run whose content-creating requests fit in GitHub's per-minute allowance sends
 * them several at a time; a bigger run sends them one after another (spaced to stay under it).
 * Observed by a server that counts the requests in flight, not by timing.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { silentLog } from '../../../src/log.js'

let server: Server
let apiUrl: string
let inFlight = 0
let peak = 0
const releaseHeld: (() => void)[] = []

beforeAll(async () => {
  // Each request is held until the next one arrives (or a short grace passes), so requests that are
  // allowed to overlap do overlap.
  server = createServer((_req, res) => {
    inFlight++
    peak = Math.max(peak, inFlight)
    releaseHeld.splice(0).forEach((release) => release())
    let answered = false
    const answer = (): void => {
      if (answered) return
      answered = true
      inFlight--
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end('{}')
    }
    const timer = setTimeout(answer, 200)
    releaseHeld.push(() => {
      clearTimeout(timer)
      answer()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

async function peakOfWrites(plannedRequests: number, writes: number): Promise<number> {
  peak = 0
  const client = createOctokit({ token: 't', apiUrl, log: silentLog })
  client.paceWrites(plannedRequests)
  await Promise.all(
    Array.from({ length: writes }, (_, i) =>
      // Renaming an asset, one of the action's writes (Octokit's own extra pacing of writes
      // that notify, such as creating a release, does not apply to it).
      client.octokit.request('PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}', {
        owner: 'o',
        repo: 'r',
        asset_id: i,
        name: `asset-${i}`
      })
    )
  )
  return peak
}

describe('write pacing', () => {
  it('sends the writes of a run within the allowance several at a time', async () => {
    expect(await peakOfWrites(30, 4)).toBeGreaterThan(1)
  })

  it('sends the writes of a run over the allowance one at a time', async () => {
    expect(await peakOfWrites(81, 3)).toBe(1)
  })
})
