/**
 * Rekor v2's HTTP API (rekor-tiles api/proto/rekor/v2, served through grpc-gateway): create an
 * entry (`POST /api/v2/log/entries`, a CreateEntryRequest, answered 201 with a
 * TransparencyLogEntry) and the current checkpoint. Reads are tiles on the real server
 * (`/tile/...`, `/checkpoint`); this stand-in serves the checkpoint only. Errors are grpc-gateway's
 * `{code, message, details}` with the gRPC status code (3 = InvalidArgument).
 */
import { canonicalizeRequestV2, EntryV2Error } from './rekor-v2-entries.js'
import { TransparencyLogV2, type LogV2Options } from './rekor-v2-log.js'
import { json, readJson, Router, type Request, type Response } from '../http/server.js'

export type RekorV2Options = LogV2Options

export function rekorV2Router(log: TransparencyLogV2): Router {
  const checkpoint = (): Response => ({
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: log.checkpoint()
  })
  return new Router()
    .on('POST', '/api/v2/log/entries', (req) => create(log, req))
    .on('GET', '/api/v2/checkpoint', checkpoint)
    .on('GET', '/checkpoint', checkpoint)
}

async function create(log: TransparencyLogV2, req: Request): Promise<Response> {
  let body: Buffer
  try {
    body = canonicalizeRequestV2(await readJson(req))
  } catch (e) {
    if (e instanceof EntryV2Error || e instanceof SyntaxError) {
      return json(400, { code: 3, message: e.message, details: [] })
    }
    throw e
  }
  return json(201, log.render(log.add(body)))
}
