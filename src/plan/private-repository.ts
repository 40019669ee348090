/**
 * The one rule about private and internal repositories: signing one on the public-good instance
 * publishes its name and workflow in public logs, so it needs the user's explicit consent.
 */
import { UserError } from '../errors.js'
import type { Inputs } from '../inputs.js'

export async function refusePrivateOnPublicLog(
  inputs: Pick<Inputs, 'sigstore' | 'privateRepository'>,
  slug: string,
  visibility: () => Promise<string>
): Promise<void> {
  if (inputs.sigstore !== 'public-good' || inputs.privateRepository) return
  const seen = await visibility()
  if (seen === 'public') return
  throw new UserError(
    'INPUT_CONFLICT',
    `${slug} is ${seen}: signing on the public-good instance writes its name and workflow into public logs`,
    "set 'private-repository: true' to accept that, or use your own instance with 'sigstore: custom'"
  )
}
