/**
 * Checks the GitHub stand-in's exchanges against GitHub's published OpenAPI description
 * (@octokit/openapi): each request must match a documented path and method, its JSON body the
 * documented request schema, and each answer the schema documented for its status. Statuses the
 * description leaves out (401, 403, 404 on most endpoints) must be GitHub's generic error bodies.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { Exchange } from '../../sandbox/github/index.js'

type Json = Record<string, unknown>

interface OperationSpec {
  operationId: string
  parameters?: Json[]
  requestBody?: { content?: Record<string, { schema?: Json }> }
  responses: Record<string, Json>
}

interface PathEntry {
  template: string
  pattern: RegExp
  params: number
  methods: Record<string, OperationSpec>
}

export interface CheckResult {
  operationId: string
  status: number
  /** The status is one the description lists for this operation. */
  documented: boolean
}

/**
 * The description's release-asset `state` enum says `uploaded` or `open`, yet the same document's
 * upload endpoint says a failed upload "may leave an empty asset with a state of `starter`", and
 * GitHub serves that state. The checker accepts it; the test suite asserts the quote.
 */
export const STARTER_QUOTE = 'may leave an empty asset with a state of `starter`'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export class OpenApiChecker {
  readonly spec: { paths: Record<string, Record<string, unknown>>; components: Json }
  private readonly ajv: Ajv
  private readonly entries: PathEntry[]
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor() {
    const require = createRequire(import.meta.url)
    const path = require.resolve('@octokit/openapi/generated/api.github.com.json')
    this.spec = JSON.parse(readFileSync(path, 'utf8')) as OpenApiChecker['spec']
    const schemas = this.spec.components.schemas as Record<string, Json>
    const asset = schemas['release-asset'] as { properties: { state: { enum: string[] } } }
    asset.properties.state.enum.push('starter')
    this.ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(this.ajv)
    for (const format of [
      'int32',
      'int64',
      'binary',
      'repo.nwo',
      'ssh-key',
      'ssh-key fingerprint'
    ]) {
      this.ajv.addFormat(format, true)
    }
    this.ajv.addSchema({ $id: 'gh', components: this.spec.components })
    this.entries = Object.entries(this.spec.paths).map(([template, item]) => {
      const multi = new Set<string>()
      const methods: Record<string, OperationSpec> = {}
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue
        const spec = op as OperationSpec
        methods[method.toUpperCase()] = spec
        for (const p of spec.parameters ?? []) {
          if (p['x-multi-segment'] === true) multi.add(p.name as string)
        }
      }
      let params = 0
      const source = template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{([^}]+)\}/g, (_, name: string) => {
          params++
          return multi.has(name) ? '(.+)' : '([^/]+)'
        })
      return { template, pattern: new RegExp(`^${source}$`), params, methods }
    })
  }

  /** The documented operation for a request, preferring literal segments over parameters. */
  operation(method: string, path: string): { template: string; op: OperationSpec } | undefined {
    const candidates = this.entries
      .filter((e) => e.pattern.test(path))
      .sort((a, b) => a.params - b.params)
    const verb = method === 'HEAD' ? 'GET' : method
    for (const entry of candidates) {
      const op = entry.methods[verb]
      if (op) return { template: entry.template, op }
    }
    return undefined
  }

  /** Throws a description of every way the exchange departs from the description. */
  check(exchange: Exchange): CheckResult {
    const label = `${exchange.service} ${exchange.method} ${exchange.path} → ${exchange.status}`
    const problems: string[] = []
    const found = this.operation(exchange.method, exchange.path)
    if (!found) {
      // GitHub answers a path it does not have with its JSON 404.
      if (exchange.status !== 404) throw new Error(`${label}: no such operation in the description`)
      this.validate(
        { $ref: '#/components/schemas/basic-error' },
        exchange.responseBody,
        'response',
        problems
      )
      if (problems.length > 0) throw new Error(`${label}:\n  ${problems.join('\n  ')}`)
      return { operationId: '(none)', status: 404, documented: false }
    }
    const { op } = found
    this.checkRequest(exchange, op, problems)
    const declared = op.responses[String(exchange.status)] ?? op.responses.default
    const documented = declared !== undefined
    const response = declared ? this.resolve(declared) : undefined
    // GitHub's errors are basic-error or validation-error bodies, described or not.
    const schema =
      (response?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']
        ?.schema ??
      (exchange.status < 400
        ? undefined
        : exchange.status === 422
          ? { $ref: '#/components/schemas/validation-error' }
          : { $ref: '#/components/schemas/basic-error' })
    if (!documented && exchange.status < 400) problems.push('undocumented success status')
    if (!documented) {
      const body = exchange.responseBody as Json | undefined
      if (typeof body?.message !== 'string' || typeof body.documentation_url !== 'string') {
        problems.push('an error must carry message and documentation_url')
      }
    }
    if (schema) {
      if (exchange.responseBody === undefined)
        problems.push('a JSON body is documented but none was sent')
      else this.validate(schema, exchange.responseBody, 'response', problems)
    } else if (exchange.responseBody !== undefined) {
      problems.push('a body was sent where none is documented')
    }
    if (exchange.status === 302 && typeof exchange.responseHeaders.location !== 'string') {
      problems.push('302 without a Location')
    }
    for (const header of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-used'
    ]) {
      if (exchange.responseHeaders[header] === undefined) problems.push(`missing ${header}`)
    }
    if (problems.length > 0) throw new Error(`${label}:\n  ${problems.join('\n  ')}`)
    return { operationId: op.operationId, status: exchange.status, documented }
  }

  /** A request the description forbids must have been refused, as GitHub refuses it. */
  private checkRequest(exchange: Exchange, op: OperationSpec, problems: string[]): void {
    const invalid: string[] = []
    for (const param of op.parameters ?? []) {
      const p = this.resolve(param)
      if (p.in === 'query' && p.required === true && !exchange.query.has(p.name as string)) {
        invalid.push(`required query parameter ${String(p.name)} missing`)
      }
    }
    const content = op.requestBody?.content
    const jsonSchema = content?.['application/json']?.schema
    if (jsonSchema && exchange.requestBody !== undefined) {
      this.validate(jsonSchema, exchange.requestBody, 'request', invalid)
    }
    if (content && !jsonSchema && exchange.requestHeaders['content-type'] === undefined) {
      invalid.push('a raw request body needs a Content-Type')
    }
    if (invalid.length > 0 && ![400, 411, 422].includes(exchange.status)) {
      problems.push(...invalid, 'an invalid request must be refused (400, 411 or 422)')
    }
  }

  private resolve(value: Json): Json {
    const ref = value.$ref
    if (typeof ref !== 'string') return value
    const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? []
    const target = (this.spec.components[kind ?? ''] as Record<string, Json> | undefined)?.[
      name ?? ''
    ]
    if (!target) throw new Error(`unresolvable ${ref}`)
    return this.resolve(target)
  }

  private validate(schema: Json, value: unknown, what: string, problems: string[]): void {
    const key = JSON.stringify(schema)
    let validate = this.compiled.get(key)
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as Json)
      this.compiled.set(key, validate)
    }
    if (!validate(value)) {
      for (const e of validate.errors ?? [])
        problems.push(`${what}${e.instancePath} ${e.message ?? ''}`)
    }
  }
}

/** Points the description's local `$ref`s at the components registered as `gh`. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `gh${v}` : rebase(v)
    ])
  )
}
