/**
 * A file on the release is ours only when its content proves it: a bundle or certificate issued to
 * this repository's signer, a `.sig` that verifies with our certificate beside it, a checksums file
 * with our bundle beside it, a statement signed by our signer. Anything else is the user's, whatever
 * its name, and is never replaced or deleted.
 */
import { createPublicKey } from 'node:crypto'
import type { SerializedBundle } from '@sigstore/bundle'
import type { Asset } from '../github/assets.js'
import { SIDECAR_SUFFIX, tempName } from '../names.js'
import { issuedToRepository, parseCertificate } from '../verify/certificate.js'
import { verifyPrehashed } from '../verify/bundle.js'
import { TooLargeError } from '../util/stream.js'
import { firstBundle } from '../bundle-lines.js'
import { isChecksumsText } from '../checksums.js'

/** What a file under one of our names should be. */
export type OwnedKind = 'bundle' | 'sig' | 'pem' | 'checksums' | 'statement'

export interface OwnershipContext {
  /** `<server>/<owner>/<repo>`: the source repository our certificates name. */
  repositoryUrl: string
  byName: ReadonlyMap<string, Asset>
  /** The bytes of a small asset; throws for one too large to be ours. */
  read: (asset: Asset) => Promise<Buffer>
}

/**
 * Whether `asset` (under `name`, or a temporary upload for `name`) is a file this repository's
 * signer wrote as `kind`. `sha256` is the current digest of the subject a `.sig` belongs to.
 */
export async function isOurs(
  kind: OwnedKind,
  name: string,
  asset: Asset,
  ctx: OwnershipContext,
  sha256?: string
): Promise<boolean> {
  const content = await readOrNothing(ctx, asset)
  if (!content) return false
  switch (kind) {
    case 'bundle':
    case 'statement': {
      const bundle = firstBundle(content)
      if (!bundle) return false
      if (kind === 'statement' && !bundle.dsseEnvelope) return false
      return certificateIsOurs(leafOf(bundle), ctx.repositoryUrl)
    }
    case 'pem':
      return certificateIsOurs(content.toString('utf8'), ctx.repositoryUrl)
    case 'sig':
      return sigIsOurs(content, name, ctx, sha256)
    case 'checksums':
      return isChecksumsText(content) && (await hasOurBundle(name, ctx))
  }
}

/** Our bundle beside `name` (or its temporary upload): the proof a checksums file was ours. */
async function hasOurBundle(name: string, ctx: OwnershipContext): Promise<boolean> {
  const bundleName = name + SIDECAR_SUFFIX.bundle
  for (const candidate of [bundleName, tempName(bundleName)]) {
    const asset = ctx.byName.get(candidate)
    if (asset && (await isOurs('bundle', bundleName, asset, ctx))) return true
  }
  return false
}

/**
 * A `.sig` is ours when it verifies with the key of our certificate beside it (the `.pem`, or the
 * bundle's, final or temporary) over the subject's current digest or the digest a bundle recorded.
 * The publish stage writes in an order that keeps that proof on the release (publish/upload.ts).
 */
async function sigIsOurs(
  content: Buffer,
  name: string,
  ctx: OwnershipContext,
  sha256: string | undefined
): Promise<boolean> {
  const signature = Buffer.from(content.toString('utf8').trim(), 'base64')
  if (signature.length === 0) return false
  const base = name.slice(0, -SIDECAR_SUFFIX.sig.length)
  const keys: string[] = []
  const digests: Buffer[] = sha256 ? [Buffer.from(sha256, 'hex')] : []
  // The certificate beside it, final or still under its temporary name (an interrupted replacement).
  for (const pemName of [base + SIDECAR_SUFFIX.pem, tempName(base + SIDECAR_SUFFIX.pem)]) {
    const pem = ctx.byName.get(pemName)
    const pemText = pem && (await readOrNothing(ctx, pem))?.toString('utf8')
    if (pemText && certificateIsOurs(pemText, ctx.repositoryUrl)) keys.push(pemText)
  }
  for (const bundleName of [base + SIDECAR_SUFFIX.bundle, tempName(base + SIDECAR_SUFFIX.bundle)]) {
    const asset = ctx.byName.get(bundleName)
    const bundle = asset && firstBundle((await readOrNothing(ctx, asset)) ?? Buffer.alloc(0))
    const leaf = bundle && leafOf(bundle)
    if (!bundle || !leaf || !certificateIsOurs(leaf, ctx.repositoryUrl)) continue
    keys.push(leaf)
    const recorded = bundle.messageSignature?.messageDigest?.digest
    if (recorded) digests.push(Buffer.from(recorded, 'base64'))
  }
  return keys.some((key) => digests.some((digest) => verifiesWith(key, digest, signature)))
}

function verifiesWith(certificate: string, digest: Buffer, signature: Buffer): boolean {
  const cert = parseCertificate(certificate)
  if (!cert) return false
  try {
    const key = createPublicKey({ key: cert.publicKey, format: 'der', type: 'spki' })
    return verifyPrehashed(key, digest, signature)
  } catch {
    return false
  }
}

function certificateIsOurs(certificate: string | undefined, repositoryUrl: string): boolean {
  const cert = certificate === undefined ? undefined : parseCertificate(certificate)
  return cert !== undefined && issuedToRepository(cert, repositoryUrl)
}

/** The leaf certificate of a bundle, as PEM. */
function leafOf(bundle: SerializedBundle): string | undefined {
  const material = bundle.verificationMaterial as
    SerializedBundle['verificationMaterial'] | undefined
  const der =
    material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates[0]?.rawBytes
  return der ? `-----BEGIN CERTIFICATE-----\n${der}\n-----END CERTIFICATE-----\n` : undefined
}

async function readOrNothing(ctx: OwnershipContext, asset: Asset): Promise<Buffer | undefined> {
  if (asset.state !== 'uploaded') return undefined
  try {
    return await ctx.read(asset)
  } catch (error) {
    // Too large to be one of our files; any other failure (the network) must not pass for "not ours".
    if (error instanceof TooLargeError) return undefined
    throw error
  }
}
