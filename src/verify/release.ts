/**
 * Verifying a whole release as a downloader: every asset against its bundle, the provenance that
 * must cover it and name the expected builder, and the checksums file that must list it and be
 * signed itself. The files come from a directory or straight from GitHub (`ReleaseFiles`).
 */
import type { Readable } from 'node:stream'
import type { SerializedBundle } from '@sigstore/bundle'
import { firstLine } from '../bundle-lines.js'
import { messageOf } from '../errors.js'
import { AUTHORIZATION_TYPE } from '../intoto.js'
import { isOwnOutput, SIDECAR_SUFFIX } from '../names.js'
import { digestBuffer, digestStream } from '../util/digest.js'
import { readAll } from '../util/stream.js'
import {
  authorizes,
  predicateTypeOf,
  readAuthorizationFile,
  type AuthorizationRequirement
} from './authorization.js'
import { parseBundle, verifyMessageBundle, type IdentityPolicy } from './bundle.js'
import { listed, readChecksums, type ChecksumsRead } from './release-checksums.js'
import { coverage, readProvenance } from './release-provenance.js'
import {
  assetOk,
  releaseOk,
  type AssetVerdict,
  type Check,
  type ReleaseVerdict
} from './release-verdict.js'
import type { TrustFor } from './trust.js'

export type { AssetVerdict, Check, CheckStatus, ReleaseVerdict } from './release-verdict.js'

export interface ReleaseFiles {
  /** Every file of the release. */
  names: string[]
  open(name: string): Promise<Readable>
}

export interface ReleaseCheck {
  files: ReleaseFiles
  /** The trust material (and log requirement) for each bundle: its instance's. */
  trust: TrustFor
  policy: IdentityPolicy
  checksumsName: string
  /** What the authorisation statement must say; only reported when absent. */
  authorization?: AuthorizationRequirement
}

/** Sidecars, provenance and checksums are read whole; assets only ever streamed. */
const SMALL = 64 * 1024 * 1024

export async function verifyRelease(check: ReleaseCheck): Promise<ReleaseVerdict> {
  const { files } = check
  const names = new Set(files.names)
  const statementFiles = files.names.filter((n) => n.endsWith('.intoto.jsonl'))
  const lines = await Promise.all(
    statementFiles.map(async (name) => ({
      name,
      line: firstLine(await readSmall(files, name))
    }))
  )
  const provenance = readProvenance(
    check.trust,
    check.policy,
    lines.filter((l) => predicateTypeOf(l.line) !== AUTHORIZATION_TYPE)
  )
  const requirement = check.authorization ?? { required: false, approvers: [] }
  const authorization = readAuthorizationFile(lines, check.trust, check.policy)
  const checksums = names.has(check.checksumsName) ? await checksumsOf(check) : undefined

  const releaseFiles = [...statementFiles, check.checksumsName]
  const assets: AssetVerdict[] = []
  for (const name of files.names.filter((n) => !isOwnOutput(n, names, releaseFiles)).sort()) {
    const { sha256 } = await digestStream(await files.open(name))
    const { signer, ...signature } = await checkSignature(check, name, sha256)
    const checks = {
      signature,
      provenance: coverage(provenance, name, sha256),
      checksums: listed(checksums, name, sha256),
      authorization: authorizes(authorization, requirement, { name, sha256, signer })
    }
    assets.push({ name, sha256, ...checks, ok: assetOk(checks) })
  }
  const verdict = {
    assets,
    provenanceFile: provenance && { name: provenance.name, ...provenance.check },
    checksumsFile: checksums && { name: check.checksumsName, ...checksums.check },
    authorizationFile: authorization && {
      name: authorization.name,
      status: authorization.status,
      detail: authorization.detail
    }
  }
  return { ...verdict, ok: releaseOk(verdict) }
}

/** A file's signature; `signer` is the SAN of the certificate that made it, when it verifies. */
async function checkSignature(
  check: ReleaseCheck,
  name: string,
  sha256: string
): Promise<Check & { signer?: string }> {
  const bundleName = name + SIDECAR_SUFFIX.bundle
  if (!check.files.names.includes(bundleName))
    return { status: 'missing', detail: `no ${bundleName}: unsigned` }
  try {
    const json = JSON.parse(
      (await readSmall(check.files, bundleName)).toString('utf8')
    ) as SerializedBundle
    const bundle = parseBundle(json)
    const { trust, requireTlog } = check.trust(bundle)
    const signer = verifyMessageBundle(bundle, Buffer.from(sha256, 'hex'), trust, check.policy, {
      requireTlog
    })
    return { status: 'ok', signer: signer.identity?.subjectAlternativeName }
  } catch (error) {
    return { status: 'failed', detail: messageOf(error) }
  }
}

async function checksumsOf(check: ReleaseCheck): Promise<ChecksumsRead> {
  const content = await readSmall(check.files, check.checksumsName)
  // The checksums file is small and already read: hash those bytes rather than reading it again.
  const { status, detail } = await checkSignature(
    check,
    check.checksumsName,
    digestBuffer(content).sha256
  )
  return readChecksums(content, { status, detail })
}

async function readSmall(files: ReleaseFiles, name: string): Promise<Buffer> {
  return readAll(await files.open(name), SMALL)
}
