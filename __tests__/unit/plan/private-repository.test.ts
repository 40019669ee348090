/**
 * A private or internal repository is signed on the public-good instance (whose logs are public)
 * only with the user's consent; the visibility is asked only when that rule could apply.
 */
import { describe, expect, it } from '@jest/globals'
import { refusePrivateOnPublicLog } from '../../../src/plan/private-repository.js'

/** A visibility lookup that records whether it was asked. */
function visibility(value: string): { asked: () => boolean; lookup: () => Promise<string> } {
  let asked = false
  return {
    asked: () => asked,
    lookup: () => {
      asked = true
      return Promise.resolve(value)
    }
  }
}

const publicGood = { sigstore: 'public-good' as const, privateRepository: false }

describe('refusePrivateOnPublicLog', () => {
  it.each(['private', 'internal'])('refuses a %s repository on public-good', async (seen) => {
    await expect(
      refusePrivateOnPublicLog(publicGood, 'o/r', visibility(seen).lookup)
    ).rejects.toMatchObject({
      code: 'INPUT_CONFLICT',
      message: `o/r is ${seen}: signing on the public-good instance writes its name and workflow into public logs`,
      hint: expect.stringContaining("'private-repository: true'")
    })
  })

  it('signs a public repository on public-good', async () => {
    await expect(
      refusePrivateOnPublicLog(publicGood, 'o/r', visibility('public').lookup)
    ).resolves.toBeUndefined()
  })

  it('does not ask with consent, or on another instance', async () => {
    for (const inputs of [
      { ...publicGood, privateRepository: true },
      { sigstore: 'github' as const, privateRepository: false },
      { sigstore: 'custom' as const, privateRepository: false },
      // auto already chose by visibility (sigstore/choose.ts).
      { sigstore: 'auto' as const, privateRepository: false }
    ]) {
      const lookup = visibility('private')
      await expect(refusePrivateOnPublicLog(inputs, 'o/r', lookup.lookup)).resolves.toBeUndefined()
      expect(lookup.asked()).toBe(false)
    }
  })
})
