/**
 * `sign-release verify-bundle`: one bundle against one artifact, in the Sigstore conformance suite's
 * client protocol:
 *   verify-bundle --bundle F (--certificate-identity I --certificate-oidc-issuer U | --key K)
 *                 [--trusted-root F] FILE_OR_sha256:DIGEST
 */
import { readFile } from 'node:fs/promises'
import { bundleFromJSON, type Bundle } from '@sigstore/bundle'
import { messageOf } from '../errors.js'
import { verifyArtifact, type Artifact } from '../verify/artifact.js'
import { productionTrustedRoot, readTrustedRoots, trustFor } from '../verify/trust.js'
import { usageError, verificationError } from './errors.js'

export interface VerifyBundleArgs {
  bundle?: string
  certificateIdentity?: string
  certificateOidcIssuer?: string
  key?: string
  trustedRoot?: string
  artifact?: string
}

export async function verifyBundle(args: VerifyBundleArgs): Promise<string> {
  if (!args.bundle) throw usageError('verify-bundle: --bundle is required')
  if (!args.artifact) throw usageError('verify-bundle: give the artifact: a file or sha256:DIGEST')
  const byKey = args.key !== undefined
  if (!byKey && (!args.certificateIdentity || !args.certificateOidcIssuer)) {
    throw usageError(
      'verify-bundle: give --certificate-identity and --certificate-oidc-issuer, or --key'
    )
  }
  const bundle = await readBundle(args.bundle)
  const artifact = await readArtifact(args.artifact)
  const roots = args.trustedRoot
    ? await readInput(args.trustedRoot, 'trusted root', readTrustedRoots)
    : [productionTrustedRoot()]
  const keyPem = args.key ? await readInput(args.key, 'key', (p) => readFile(p, 'utf8')) : undefined
  try {
    verifyArtifact({
      bundle,
      artifact,
      // Against the root whose authority issued the bundle's certificate.
      trust: trustFor(roots, keyPem)(bundle).trust,
      policy: byKey
        ? undefined
        : { san: args.certificateIdentity ?? '', issuer: args.certificateOidcIssuer ?? '' },
      requireTlog: true
    })
  } catch (error) {
    throw verificationError(`verification failed: ${messageOf(error)}`)
  }
  return `OK: ${args.artifact} verifies with ${args.bundle}`
}

async function readBundle(path: string): Promise<Bundle> {
  const text = await readInput(path, 'bundle', (p) => readFile(p, 'utf8'))
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw usageError(`${path} is not JSON: ${messageOf(error)}`)
  }
  try {
    return bundleFromJSON(json)
  } catch (error) {
    throw usageError(
      `${path} is not a Sigstore bundle this tool knows (v0.1 to v0.3): ${messageOf(error)}`
    )
  }
}

async function readArtifact(spec: string): Promise<Artifact> {
  const digest = /^sha256:([0-9a-f]{64})$/i.exec(spec)
  if (digest) return { sha256: Buffer.from(digest[1] ?? '', 'hex') }
  return { data: await readInput(spec, 'artifact', (p) => readFile(p)) }
}

async function readInput<T>(
  path: string,
  what: string,
  read: (path: string) => Promise<T>
): Promise<T> {
  try {
    return await read(path)
  } catch (error) {
    throw usageError(`cannot read the ${what} ${path}: ${messageOf(error)}`)
  }
}
