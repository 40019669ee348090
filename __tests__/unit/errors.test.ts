/**
 * Errors the user can act on: every code has a description, an input error names the input and the
 * fix, and the message and HTTP status of anything thrown are read the same way everywhere.
 */
import { describe, expect, it } from '@jest/globals'
import { ERROR_CODES, inputError, messageOf, statusOf, UserError } from '../../src/errors.js'

describe('UserError', () => {
  it('carries a code, the message, the fix and the cause', () => {
    const cause = new Error('EACCES')
    const error = new UserError('RELEASE', 'no release', 'create it', { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'UserError', code: 'RELEASE', message: 'no release' })
    expect(error.hint).toBe('create it')
    expect(error.cause).toBe(cause)
  })

  it('has codes in capitals, each with a description', () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z_]+$/)
      expect(description.length).toBeGreaterThan(5)
    }
  })

  it('names the input and the fix for an unusable input', () => {
    const error = inputError('sidecars', "'zip' is not a sidecar", "use 'bundle', 'sig' or 'pem'")
    expect(error).toMatchObject({
      code: 'INPUT_INVALID',
      message: "Input 'sidecars': 'zip' is not a sidecar",
      hint: "use 'bundle', 'sig' or 'pem'"
    })
  })
})

describe('reading what was thrown', () => {
  it('gives the message of an Error, and the text of anything else', () => {
    expect(messageOf(new TypeError('bad'))).toBe('bad')
    expect(messageOf('plain')).toBe('plain')
    expect(messageOf(42)).toBe('42')
    expect(messageOf(undefined)).toBe('undefined')
  })

  it("reads Octokit's status and sigstore-js' statusCode, and nothing that is not a number", () => {
    expect(statusOf(Object.assign(new Error('x'), { status: 404 }))).toBe(404)
    expect(statusOf({ statusCode: 503 })).toBe(503)
    expect(statusOf({ status: 401, statusCode: 500 })).toBe(401)
    expect(statusOf({ status: '404' })).toBeUndefined()
    expect(statusOf(null)).toBeUndefined()
    expect(statusOf(new Error('x'))).toBeUndefined()
  })
})
