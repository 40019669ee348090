/** Which Sigstore instance signs (sigstore: auto and the explicit choices), by repository visibility and server. */
import { describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { decide, isEnterpriseServer } from '../../../src/sigstore/choose.js'

const DOTCOM = 'https://github.com'
const GHES = 'https://ghes.example.com'

/** A visibility lookup that records whether it was asked. */
function visibilityOf(value: string): { asked: () => boolean; lookup: () => Promise<string> } {
  let asked = false
  return {
    asked: () => asked,
    lookup: () => {
      asked = true
      return Promise.resolve(value)
    }
  }
}

const auto = { sigstore: 'auto' as const, privateRepository: false, tufMirror: undefined }

describe('sigstore: auto', () => {
  it.each([
    ['public', 'public-good'],
    ['private', 'github'],
    ['internal', 'github']
  ])('signs a %s repository on %s', async (visibility, name) => {
    const choice = await decide(auto, DOTCOM, visibilityOf(visibility).lookup)
    expect(choice.name).toBe(name)
    expect(choice.reason).toContain(visibility)
  })

  it('opts a private repository into public-good with private-repository: true', async () => {
    const visibility = visibilityOf('private')
    const choice = await decide({ ...auto, privateRepository: true }, DOTCOM, visibility.lookup)
    expect(choice.name).toBe('public-good')
    expect(choice.reason).toContain('private-repository: true')
    expect(visibility.asked()).toBe(false)
  })

  it('serves GHE.com tenants like github.com', async () => {
    const choice = await decide(auto, 'https://octo.ghe.com', visibilityOf('private').lookup)
    expect(choice.name).toBe('github')
  })

  it('refuses on GitHub Enterprise Server, with the fix, unless given a TUF repository', async () => {
    const error = await decide(auto, GHES, visibilityOf('public').lookup).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('INPUT_INVALID')
    expect((error as UserError).hint).toContain('tuf-mirror')
    expect((error as UserError).hint).toContain('sigstore: custom')
    const choice = await decide(
      { ...auto, tufMirror: 'https://tuf.ghes.example.com' },
      GHES,
      visibilityOf('public').lookup
    )
    expect(choice.name).toBe('github')
  })
})

describe('an instance named explicitly', () => {
  it.each(['public-good', 'github', 'custom'] as const)(
    'is %s whatever the visibility',
    async (name) => {
      const visibility = visibilityOf('private')
      const choice = await decide({ ...auto, sigstore: name }, DOTCOM, visibility.lookup)
      expect(choice.name).toBe(name)
      expect(visibility.asked()).toBe(false)
    }
  )

  it('github is refused on GitHub Enterprise Server without a TUF repository', async () => {
    await expect(
      decide({ ...auto, sigstore: 'github' }, GHES, visibilityOf('private').lookup)
    ).rejects.toThrow("GitHub's Sigstore instance does not serve GitHub Enterprise Server")
  })

  it('knows GitHub Enterprise Server by its host', () => {
    expect(isEnterpriseServer(DOTCOM)).toBe(false)
    expect(isEnterpriseServer('https://tenant.ghe.com')).toBe(false)
    expect(isEnterpriseServer(GHES)).toBe(true)
  })
})
