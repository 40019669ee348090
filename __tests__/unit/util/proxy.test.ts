/** The proxy settings as the log shows them, and a runner without any. */
import { describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { proxyRouted, useEnvProxy, withoutCredentials } from '../../../src/util/proxy.js'

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

  it('tells a Node.js without setGlobalProxyFromEnv apart, naming the proxies without credentials', () => {
    const env = { HTTPS_PROXY: 'http://me:pw@proxy.example:3128', no_proxy: 'internal' }
    expect(useEnvProxy(env, null)).toEqual({
      kind: 'unsupported',
      proxies: ['HTTPS_PROXY=http://***@proxy.example:3128']
    })
    expect(proxyRouted()).toBe(false)
  })

  it('hands the whole environment to Node and routes from then on', () => {
    const env = { http_proxy: 'http://proxy.example:3128', NO_PROXY: 'internal' }
    const given: NodeJS.ProcessEnv[] = []
    const use = useEnvProxy(env, (e) => given.push(e))
    expect(use).toEqual({ kind: 'routed', proxies: ['http_proxy=http://proxy.example:3128'] })
    expect(given).toEqual([env])
    expect(proxyRouted()).toBe(true)
  })

  it("refuses what Node refuses, without repeating Node's message (it holds the password)", () => {
    const refuse = (): never => {
      throw Object.assign(new Error('http://me:pw@[bad'), { code: 'ERR_PROXY_INVALID_CONFIG' })
    }
    let thrown: unknown
    try {
      useEnvProxy({ HTTPS_PROXY: 'http://me:pw@[bad' }, refuse)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UserError)
    expect((thrown as UserError).code).toBe('RUNNER_ENV')
    expect((thrown as UserError).message).toContain('ERR_PROXY_INVALID_CONFIG')
    expect((thrown as UserError).message).not.toContain('pw')
  })
})
