/** The proxy settings as the log shows them, and a runner without any. */
import { describe, expect, it } from '@jest/globals'
import { useEnvProxy, withoutCredentials } from '../../../src/util/proxy.js'

describe('withoutCredentials', () => {
  it('hides a user name and password, and keeps the host and port', () => {
    expect(withoutCredentials('http://user:s3cret@proxy.example:3128')).toBe(
      'http://***@proxy.example:3128'
    )
    expect(withoutCredentials('http://token@proxy.example:3128/')).toBe(
      'http://***@proxy.example:3128'
    )
    expect(withoutCredentials('http://proxy.example:3128')).toBe('http://proxy.example:3128')
  })

  it('shows a value that is no URL only after its last @', () => {
    expect(withoutCredentials('http://user:s3cret@[bad')).toBe('***@[bad')
    expect(withoutCredentials('proxy.example:3128')).toBe('proxy.example:3128')
  })
})

describe('useEnvProxy', () => {
  it('does nothing when no proxy variable is set (NO_PROXY alone included)', () => {
    expect(useEnvProxy({ NO_PROXY: 'example.com', PATH: '/usr/bin' })).toEqual({ kind: 'none' })
    expect(useEnvProxy({ HTTPS_PROXY: '' })).toEqual({ kind: 'none' })
  })
})
