/**
 * Files whose ownership is at stake, made for real: the sandbox's Fulcio certifies a real token of
 * this repository and of another one, and the action's own signer makes one bundle for each; a
 * release holding any files is read in process.
 */
import { createHash } from 'node:crypto'
import type { SerializedBundle } from '@sigstore/bundle'
import type { Asset } from '../../src/github/assets.js'
import type { OwnershipContext } from '../../src/plan/ownership.js'
import { witnessesFor } from '../../src/sign/context.js'
import { signDigestBundle } from '../../src/sign/message.js'
import { sidecarContent } from '../../src/sidecars.js'
import { createRunSigner } from '../../src/sign/signer.js'
import { startStack, type Stack } from '../sandbox/sigstore-fixture.js'

export const OURS = 'octo-org/ours'
export const REPOSITORY_URL = `https://github.com/${OURS}`

export const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

export type Who = 'ours' | 'theirs'
export type ReleaseOf = (files: Record<string, Buffer | string>) => OwnershipContext & {
  assets: Asset[]
}

export interface OwnedRelease {
  stack: Stack
  /** One bundle per repository, each for the digest of `app v1`. */
  bundles: Record<Who, SerializedBundle>
  /** A release of OURS holding these files. */
  release: ReleaseOf
  /** A bundle of OURS for another digest. */
  sign(digest: string): Promise<SerializedBundle>
  /** Who's files as they stand on a release: the bundle's JSON, its `.sig` and its `.pem`. */
  bundleText(who: Who): string
  sig(who: Who): Buffer
  pem(who: Who): Buffer
}

async function signAs(stack: Stack, repository: string, digest: string): Promise<SerializedBundle> {
  stack.oidc.setContext({ repository })
  const instance = { fulcioUrl: stack.sigstore.fulcioUrl, rekorUrl: stack.sigstore.rekorUrl }
  const signer = await createRunSigner(instance.fulcioUrl, await stack.oidc.mint('sigstore'), {
    timeout: 5000,
    retry: { retries: 0, minTimeout: 0, factor: 1 }
  })
  return signDigestBundle(
    signer,
    witnessesFor({ ...instance, name: 'custom', trustedRoot: undefined as never }),
    Buffer.from(digest, 'hex')
  )
}

/** A release holding these files, readable in process (an unknown asset fails to read). */
export const releaseOf: ReleaseOf = (files) => {
  const contents = new Map<number, Buffer>()
  const assets = Object.entries(files).map(([name, content], i) => {
    const bytes = Buffer.from(content)
    contents.set(i + 1, bytes)
    return { id: i + 1, name, size: bytes.length, state: 'uploaded', contentType: 'x' }
  })
  return {
    assets,
    repositoryUrl: REPOSITORY_URL,
    byName: new Map(assets.map((a) => [a.name, a])),
    read: (asset) => {
      const bytes = contents.get(asset.id)
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error('network down'))
    }
  }
}

export async function startOwnedRelease(): Promise<OwnedRelease> {
  const stack = await startStack({ repository: OURS })
  const bundles: Record<Who, SerializedBundle> = {
    ours: await signAs(stack, OURS, sha('app v1')),
    theirs: await signAs(stack, 'other-org/theirs', sha('app v1'))
  }
  return {
    stack,
    bundles,
    release: releaseOf,
    sign: (digest) => signAs(stack, OURS, digest),
    bundleText: (who) => JSON.stringify(bundles[who]),
    sig: (who) => sidecarContent(bundles[who], 'sig'),
    pem: (who) => sidecarContent(bundles[who], 'pem')
  }
}
