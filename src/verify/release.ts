/**
 * Verifying a whole release as a downloader: every asset against its bundle, the provenance that
 * must cover it and name the expected builder, and the checksums file that must list it and be
 * signed itself. The files come from a directory or straight from GitHub (`ReleaseFiles`).
 */
import type { Readable } from 'node:stream'
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustFor } from './trust.js'
import { messageOf } from '../errors.js'
import { digestBuffer, digestStream } from '../util/digest.js'
import { SIDECAR_SUFFIX } from '../names.js'
import {
  AUTHORIZATION_TYPE,
  parseStatement,
  SLSA_PROVENANCE_TYPE,
  type Statement
} from '../intoto.js'
import {
  authorizes,
  predicateTypeOf,
  readAuthorizationFile,
  type AuthorizationRequirement
} from './authorization.js'
import { readAll } from '../util/stream.js'
import {
  parseBundle,
  verifyDsseBundle,
  verifyMessageBundle,
  type IdentityPolicy
} from './bundle.js'

export interface ReleaseFiles {
  /** Every file of the release. */
  names: string[]
  open(name: string): Promise<Readable>
}

export type CheckStatus = 'ok' | 'failed' | 'missing'

export interface Check {
  status: CheckStatus
  detail?: string
}

export interface AssetVerdict {
  name: string
  sha256: string
  signature: Check
  provenance: Check
  checksums: Check
  authorization: Check
  ok: boolean
}

export interface ReleaseVerdict {
  assets: AssetVerdict[]
  /** The release-level files found and whether they verify themselves. */
  provenanceFile?: { name: string } & Check
  checksumsFile?: { name: string } & Check
  authorizationFile?: { name: string } & Check
  ok: boolean
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
  const own = new Set([
    ...statementFiles,
    ...(names.has(check.checksumsName) ? [check.checksumsName] : [])
  ])
  for (const name of files.names) {
    for (const suffix of Object.values(SIDECAR_SUFFIX)) {
      if (name.endsWith(suffix) && names.has(name.slice(0, -suffix.length))) own.add(name)
    }
  }
  const lines = await Promise.all(
    statementFiles.map(async (name) => ({
      name,
      line: (await readSmall(files, name)).toString('utf8').split('\n')[0] ?? ''
    }))
  )
  const provenance = readProvenance(
    check,
    lines.filter((l) => predicateTypeOf(l.line) !== AUTHORIZATION_TYPE)
  )
  const requirement = check.authorization ?? { required: false, approvers: [] }
  const authorization = readAuthorizationFile(lines, check.trust, check.policy)
  const checksums = names.has(check.checksumsName) ? await readChecksums(check) : undefined

  const assets: AssetVerdict[] = []
  for (const name of files.names.filter((n) => !own.has(n)).sort()) {
    const { sha256 } = await digestStream(await files.open(name))
    const { signer, ...signature } = await checkSignature(check, name, sha256)
    const provenanceCheck = coverage(provenance, name, sha256)
    const checksumsCheck = listed(checksums, name, sha256)
    const authorizationCheck = authorizes(authorization, requirement, { name, sha256, signer })
    const ok =
      signature.status === 'ok' &&
      provenanceCheck.status !== 'failed' &&
      checksumsCheck.status !== 'failed' &&
      authorizationCheck.status !== 'failed'
    assets.push({
      name,
      sha256,
      signature,
      provenance: provenanceCheck,
      checksums: checksumsCheck,
      authorization: authorizationCheck,
      ok
    })
  }
  const provenanceFile = provenance && { name: provenance.name, ...provenance.check }
  const checksumsFile = checksums && { name: check.checksumsName, ...checksums.check }
  const authorizationFile = authorization && {
    name: authorization.name,
    status: authorization.status,
    detail: authorization.detail
  }
  const ok =
    assets.length > 0 &&
    assets.every((a) => a.ok) &&
    provenanceFile?.status !== 'failed' &&
    checksumsFile?.status !== 'failed' &&
    authorizationFile?.status !== 'failed'
  return { assets, provenanceFile, checksumsFile, authorizationFile, ok }
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

interface ProvenanceRead {
  name: string
  check: Check
  statement?: Statement
}

/** The first statement file that holds SLSA provenance, verified for the expected identity. */
function readProvenance(
  check: ReleaseCheck,
  candidates: { name: string; line: string }[]
): ProvenanceRead | undefined {
  for (const { name, line } of candidates) {
    let statement: Statement
    try {
      const bundle = parseBundle(JSON.parse(line))
      const { trust, requireTlog } = check.trust(bundle)
      const { payloadType, payload } = verifyDsseBundle(bundle, trust, check.policy, {
        requireTlog
      })
      statement = parseStatement(payloadType, payload)
    } catch (error) {
      return { name, check: { status: 'failed', detail: messageOf(error) } }
    }
    if (statement.predicateType !== SLSA_PROVENANCE_TYPE) continue
    const builder =
      (statement.predicate as { runDetails?: { builder?: { id?: string } } }).runDetails?.builder
        ?.id ?? ''
    const san = check.policy.san
    if (!(typeof san === 'string' ? builder === san : san.test(builder))) {
      return {
        name,
        check: { status: 'failed', detail: `the builder is ${builder}, not the expected workflow` }
      }
    }
    return { name, check: { status: 'ok' }, statement }
  }
  return undefined
}

function coverage(provenance: ProvenanceRead | undefined, name: string, sha256: string): Check {
  if (!provenance) return { status: 'missing', detail: 'no provenance on the release' }
  if (!provenance.statement)
    return { status: 'failed', detail: `${provenance.name} does not verify` }
  const covered = provenance.statement.subject.some(
    (s) => s.name === name && s.digest.sha256 === sha256
  )
  if (!covered) return { status: 'failed', detail: `${provenance.name} does not cover this file` }
  return { status: 'ok' }
}

interface ChecksumsRead {
  check: Check
  digests: Map<string, string>
}

async function readChecksums(check: ReleaseCheck): Promise<ChecksumsRead> {
  const content = await readSmall(check.files, check.checksumsName)
  const digests = new Map<string, string>()
  for (const line of content.toString('utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line)
    if (match?.[1] && match[2]) digests.set(match[2], match[1])
  }
  // The checksums file is small and already read: hash those bytes rather than reading it again.
  const { sha256 } = digestBuffer(content)
  const { status, detail } = await checkSignature(check, check.checksumsName, sha256)
  return { check: { status, detail }, digests }
}

function listed(checksums: ChecksumsRead | undefined, name: string, sha256: string): Check {
  if (!checksums) return { status: 'missing', detail: 'no checksums file on the release' }
  if (checksums.check.status !== 'ok')
    return { status: 'failed', detail: 'the checksums file is not validly signed' }
  const listedDigest = checksums.digests.get(name)
  if (!listedDigest) return { status: 'failed', detail: 'not listed in the checksums file' }
  if (listedDigest !== sha256)
    return { status: 'failed', detail: `the checksums file says ${listedDigest}` }
  return { status: 'ok' }
}

async function readSmall(files: ReleaseFiles, name: string): Promise<Buffer> {
  return readAll(await files.open(name), SMALL)
}
