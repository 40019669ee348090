/**
 * Rekor v1's HTTP API (openapi.yaml, pkg/api) over the log: create (201, or 409 with the existing
 * entry's Location), get by UUID or index, retrieve, the search index, the tree head and the
 * public key. Errors are `{code, message}`; a missing entry is a bare 404, as go-swagger sends it.
 */
import { createHash } from 'node:crypto'
import { toPem } from './pki.js'
import {
  canonicalizeEntry,
  EntryError,
  parseVerifier,
  type CanonicalEntry
} from './rekor-entries.js'
import { TransparencyLog, type LogOptions, type StoredEntry } from './rekor-log.js'
import { json, readJson, Router, type Request, type Response } from '../http/server.js'

export type RekorOptions = LogOptions

const MAX_SEARCH_QUERIES = 10
const ID = /^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$/

export function rekorRouter(options: RekorOptions): Router {
  const log = new TransparencyLog(options)
  return new Router()
    .on('POST', '/api/v1/log/entries', (req) => create(log, req))
    .on('GET', '/api/v1/log/entries', (req) => getByIndex(log, req))
    .on('POST', '/api/v1/log/entries/retrieve', (req) => retrieve(log, req))
    .on('GET', '/api/v1/log/entries/:id', (req) => getById(log, req.params.id ?? ''))
    .on('POST', '/api/v1/index/retrieve', (req) => searchIndex(log, req))
    .on('GET', '/api/v1/log', () => json(200, log.info()))
    .on('GET', '/api/v1/log/publicKey', () => ({
      status: 200,
      headers: { 'content-type': 'application/x-pem-file' },
      body: toPem(options.key.spki, 'PUBLIC KEY')
    }))
}

function error(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { code: status, message }, headers)
}

async function create(log: TransparencyLog, req: Request): Promise<Response> {
  let canonical: CanonicalEntry
  try {
    canonical = canonicalizeEntry(await readJson(req))
  } catch (e) {
    if (e instanceof EntryError || e instanceof SyntaxError) {
      return error(400, `error processing entry: ${e.message}`)
    }
    throw e
  }
  const { entry, existing } = log.add(canonical)
  const id = log.entryId(entry)
  const location = `/api/v1/log/entries/${id}`
  if (existing) {
    const message = `an equivalent entry already exists in the transparency log with UUID ${id}`
    return error(409, message, { location })
  }
  return json(201, log.render(entry), { location, etag: id })
}

function getById(log: TransparencyLog, id: string): Response {
  if (!ID.test(id)) return error(400, `validation error: invalid UUID or entry ID ${id}`)
  const entry = log.byId(id)
  return entry ? json(200, log.render(entry)) : { status: 404 }
}

function getByIndex(log: TransparencyLog, req: Request): Response {
  const raw = req.url.searchParams.get('logIndex')
  if (raw === null || !/^\d+$/.test(raw)) {
    return error(422, 'logIndex in query is required and must be >= 0')
  }
  const entry = log.at(Number(raw))
  return entry ? json(200, log.render(entry)) : { status: 404 }
}

interface SearchLogQuery {
  entryUUIDs?: string[] | null
  logIndexes?: number[] | null
  entries?: unknown[] | null
}

async function retrieve(log: TransparencyLog, req: Request): Promise<Response> {
  const query = await readJson<SearchLogQuery>(req).catch(() => undefined)
  if (!query) return error(400, 'invalid search query')
  // Go clients (cosign v2) send absent lists as null.
  const entryUUIDs = query.entryUUIDs ?? []
  const logIndexes = query.logIndexes ?? []
  const entries = query.entries ?? []
  if (entryUUIDs.length + logIndexes.length + entries.length > MAX_SEARCH_QUERIES) {
    return error(422, `more than max allowed ${MAX_SEARCH_QUERIES} entries in request`)
  }
  const found: (StoredEntry | undefined)[] = []
  for (const id of entryUUIDs) {
    if (!ID.test(id)) return error(400, `invalid uuid ${id}`)
    found.push(log.byId(id))
  }
  for (const proposed of entries) {
    try {
      found.push(log.find(canonicalizeEntry(proposed)))
    } catch (e) {
      return error(400, e instanceof Error ? e.message : String(e))
    }
  }
  for (const index of logIndexes) found.push(log.at(index))
  return json(
    200,
    found.filter((e) => e !== undefined).map((e) => log.render(e))
  )
}

interface SearchIndex {
  hash?: string
  publicKey?: { format?: string; content?: string }
  email?: string
  subject?: string
  operator?: string
}

async function searchIndex(log: TransparencyLog, req: Request): Promise<Response> {
  const query = await readJson<SearchIndex>(req).catch(() => undefined)
  if (!query) return error(400, 'invalid search query')
  const keys: string[] = []
  if (query.hash) {
    if (
      !/^(sha512:)?[0-9a-fA-F]{128}$|^(sha256:)?[0-9a-fA-F]{64}$|^(sha1:)?[0-9a-fA-F]{40}$/.test(
        query.hash
      )
    ) {
      return error(422, 'hash in body should match the sha1, sha256 or sha512 pattern')
    }
    keys.push(prefixSha(query.hash))
  }
  if (query.publicKey) {
    if (query.publicKey.format !== 'x509') {
      return error(400, 'the PKI format requested is not supported by this server')
    }
    try {
      const verifier = parseVerifier(Buffer.from(query.publicKey.content ?? '', 'base64'))
      keys.push(createHash('sha256').update(verifier.canonical).digest('hex'))
    } catch {
      return error(400, 'public key provided could not be parsed')
    }
  }
  if (query.email) keys.push(query.email)
  if (query.subject) keys.push(query.subject)
  return json(200, log.search(keys, query.operator === 'and' ? 'and' : 'or'))
}

/** rekor util.PrefixSHA: an unprefixed digest gets the algorithm its length implies. */
function prefixSha(hash: string): string {
  if (hash.includes(':')) return hash
  const prefixes: Record<number, string> = { 40: 'sha1:', 64: 'sha256:', 128: 'sha512:' }
  return (prefixes[hash.length] ?? '') + hash
}
