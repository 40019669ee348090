/**
 * Write pacing: a run whose content-creating requests fit in GitHub's per-minute allowance sends
 * them several at a time; a bigger run sends as many as each window allows, and the next only once
 * the window has passed since the earliest of them was answered. Observed by a server that counts
 * the requests in flight and notes when each arrived and was answered.
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
let arrivals: number[] = []
let answers: number[] = []
const releaseHeld: (() => void)[] = []

beforeAll(async () => {
  // Each request is held until the next one arrives (or a short grace passes), so requests that are
  // allowed to overlap do overlap.
  server = createServer((_req, res) => {
    arrivals.push(performance.now())
    inFlight++
    peak = Math.max(peak, inFlight)
    releaseHeld.splice(0).forEach((release) => release())
    let answered = false
    const answer = (): void => {
      if (answered) return
      answered = true
      inFlight--
      answers.push(performance.now())
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

  it('sends the writes of a run over the allowance at most 80 a window, never 81', async () => {
    const windowMs = 400
    process.env.SIGN_RELEASE_RATE_WINDOW_MS = String(windowMs)
    arrivals = []
    answers = []
    try {
      expect(await peakOfWrites(200, 83)).toBeGreaterThan(1)
    } finally {
      delete process.env.SIGN_RELEASE_RATE_WINDOW_MS
    }
    const [first, eightyFirst] = [answers[0] ?? 0, arrivals[80] ?? 0]
    // A lower bound, so never flaky: the 81st write waits for the window after the first answer.
    expect(eightyFirst - first).toBeGreaterThanOrEqual(windowMs)
  })
})
