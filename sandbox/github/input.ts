/**
 * Request body fields checked as GitHub's schema validation does, answering a wrong type with
 * 422 `Invalid request.\n\nFor 'properties/<field>', <value> is not a <type>.`
 */
import { invalidRequest } from './errors.js'

export type Body = Record<string, unknown>

export function optionalString(body: Body, field: string): string | undefined {
  return typed(body, field, 'string') as string | undefined
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  return typed(body, field, 'boolean') as boolean | undefined
}

export function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field)
  if (value === undefined) throw invalidRequest(`"${field}" wasn't supplied.`)
  return value
}

export function oneOf<T extends string>(
  body: Body,
  field: string,
  values: readonly T[]
): T | undefined {
  const value = optionalString(body, field)
  if (value !== undefined && !values.includes(value as T)) {
    throw invalidRequest(
      `For 'properties/${field}', ${JSON.stringify(value)} is not a member of [${values.join(', ')}].`
    )
  }
  return value as T | undefined
}

function typed(body: Body, field: string, type: 'string' | 'boolean'): unknown {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== type) {
    throw invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not a ${type}.`)
  }
  return value
}
