/**
 * A TUF repository signed with the sandbox's own keys by @tufjs/models (the models tuf-js verifies
 * with): one ECDSA P-256 key per top-level role, consistent snapshots, and the files laid out as
 * tuf-js fetches them: `N.root.json`, `timestamp.json`, `N.snapshot.json`, `N.targets.json` and
 * `targets/<sha256>.<name>`. It can be made to serve expired, unsigned, rolled-back or tampered
 * metadata, for tests.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import {
  Key,
  Metadata,
  MetaFile,
  Root,
  Signature,
  Snapshot,
  TargetFile,
  Targets,
  Timestamp
} from '@tufjs/models'
import canonicalize from 'canonicalize'

/** What the repository serves: the real thing, or one of the attacks a client must refuse. */
export type TufFault =
  /** Valid, current metadata. */
  | 'none'
  /** A new timestamp, validly signed, whose expiry has passed. */
  | 'expired'
  /** A new timestamp without signatures. */
  | 'unsigned'
  /** The first timestamp the repository published, validly signed but older than the current one. */
  | 'rollback'
  /** The targets metadata changed after signing: it names another trusted root. */
  | 'tampered'

export const TUF_FAULTS: readonly TufFault[] = [
  'none',
  'expired',
  'unsigned',
  'rollback',
  'tampered'
] as const

type RoleName = 'root' | 'targets' | 'snapshot' | 'timestamp'
const ROLES: RoleName[] = ['root', 'targets', 'snapshot', 'timestamp']
const SPEC_VERSION = '1.0.31'
const DAY = 24 * 60 * 60 * 1000

interface RoleKey {
  key: Key
  privateKey: KeyObject
}

export interface TufRepository {
  /** The first root metadata: what a client is given to start trusting the repository. */
  initialRoot(): Buffer
  /** The bytes served at a path of the repository (without leading slash), if any. */
  file(path: string): Buffer | undefined
  /** Serve valid metadata again, or one of the attacks. */
  setFault(fault: TufFault): void
  fault(): TufFault
}

/** Builds a repository whose targets are the given files (name to content). */
export function createTufRepository(
  targets: Record<string, Buffer>,
  now: () => Date = () => new Date()
): TufRepository {
  const keys = Object.fromEntries(ROLES.map((role) => [role, roleKey()])) as Record<
    RoleName,
    RoleKey
  >
  const expires = (ms: number): string =>
    new Date(now().getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const signer = (role: RoleName) => (data: Buffer) =>
    new Signature({
      keyID: keys[role].key.keyID,
      sig: sign('sha256', data, keys[role].privateKey).toString('hex')
    })
  const serialize = (md: Metadata<Root | Targets | Snapshot | Timestamp>): Buffer =>
    Buffer.from(JSON.stringify(md.toJSON(), null, 1))

  const root = new Metadata(
    new Root({
      version: 1,
      specVersion: SPEC_VERSION,
      expires: expires(365 * DAY),
      consistentSnapshot: true
    })
  )
  for (const role of ROLES) root.signed.addKey(keys[role].key, role)
  root.sign(signer('root'))
  const rootBytes = serialize(root)

  const targetsMd = (files: Record<string, Buffer>): Metadata<Targets> => {
    const md = new Metadata(
      new Targets({ version: 1, specVersion: SPEC_VERSION, expires: expires(90 * DAY) })
    )
    for (const [path, content] of Object.entries(files))
      md.signed.addTarget(targetFile(path, content))
    return md
  }
  const signedTargets = targetsMd(targets)
  signedTargets.sign(signer('targets'))
  const targetsBytes = serialize(signedTargets)

  const snapshot = new Metadata(
    new Snapshot({
      version: 1,
      specVersion: SPEC_VERSION,
      expires: expires(30 * DAY),
      meta: { 'targets.json': new MetaFile({ version: 1 }) }
    })
  )
  snapshot.sign(signer('snapshot'))
  const snapshotBytes = serialize(snapshot)

  // Timestamps only ever go up, like a real repository's daily re-signing; the first is kept for
  // the rollback attack.
  let timestampVersion = 0
  const timestamp = (options: { expiresIn: number; signed: boolean }): Buffer => {
    const md = new Metadata(
      new Timestamp({
        version: ++timestampVersion,
        specVersion: SPEC_VERSION,
        expires: expires(options.expiresIn),
        snapshotMeta: new MetaFile({ version: 1 })
      })
    )
    if (options.signed) md.sign(signer('timestamp'))
    return serialize(md)
  }
  const firstTimestamp = timestamp({ expiresIn: DAY, signed: true })
  let currentTimestamp = timestamp({ expiresIn: DAY, signed: true })

  const files = new Map<string, Buffer>([
    ['1.root.json', rootBytes],
    ['1.snapshot.json', snapshotBytes],
    ['1.targets.json', targetsBytes]
  ])
  for (const [path, content] of Object.entries(targets)) {
    files.set(`targets/${sha256(content)}.${path}`, content)
  }
  let fault: TufFault = 'none'

  return {
    initialRoot: () => rootBytes,
    file(path) {
      if (path === 'timestamp.json') return fault === 'rollback' ? firstTimestamp : currentTimestamp
      if (path === '1.targets.json' && fault === 'tampered') return tamperedTargets()
      return files.get(path)
    },
    setFault(next) {
      fault = next
      // Each change publishes a new timestamp, so a client that cached the last one fetches it.
      if (next === 'expired') currentTimestamp = timestamp({ expiresIn: -DAY, signed: true })
      else if (next === 'unsigned') currentTimestamp = timestamp({ expiresIn: DAY, signed: false })
      else currentTimestamp = timestamp({ expiresIn: DAY, signed: true })
    },
    fault: () => fault
  }

  /** The signed targets metadata with trusted_root.json swapped for an attacker's, signature kept. */
  function tamperedTargets(): Buffer {
    const forged = Buffer.from('{"mediaType":"forged"}')
    const md = targetsMd({ ...targets, 'trusted_root.json': forged })
    md.signatures = signedTargets.signatures
    files.set(`targets/${sha256(forged)}.trusted_root.json`, forged)
    return serialize(md)
  }
}

function roleKey(): RoleKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const keyJson = {
    keytype: 'ecdsa',
    scheme: 'ecdsa-sha2-nistp256',
    keyval: { public: publicKey.export({ format: 'pem', type: 'spki' }).toString() }
  }
  const keyID = createHash('sha256')
    .update(canonicalize(keyJson) ?? '')
    .digest('hex')
  return {
    key: new Key({
      keyID,
      keyType: keyJson.keytype,
      scheme: keyJson.scheme,
      keyVal: keyJson.keyval
    }),
    privateKey
  }
}

function targetFile(path: string, content: Buffer): TargetFile {
  return new TargetFile({ path, length: content.length, hashes: { sha256: sha256(content) } })
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
