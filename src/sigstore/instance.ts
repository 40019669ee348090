/**
 * Which Sigstore instance signs, and the trust material that verifies its output: service URLs from
 * a signing config, and a trusted root. `custom` reads both from files or URLs (the local sandbox
 * writes them); `public-good` gets them from Sigstore's TUF repository; `github` gets its trusted
 * root from GitHub's TUF repository and its services from the server's host, as actions/attest.
 * Either TUF repository can be replaced (`tuf-mirror`, `tuf-root`).
 */
import { readFile } from 'node:fs/promises'
import { fetchJson, FetchJsonError } from '../util/fetch-json.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SigningConfig, TrustedRoot, type Service } from '@sigstore/protobuf-specs'
import { DEFAULT_MIRROR_URL } from '@sigstore/tuf'
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' }
import { UserError, messageOf } from '../errors.js'
import type { RekorVersion, SigstoreInstanceName } from '../inputs.js'
import { quote } from '../util/format.js'
import githubRoot from './github-tuf-root.json' with { type: 'json' }
import { openTuf, type TufRepository } from './tuf.js'

/** GitHub's TUF repository: the only place its instance's trusted root is published. */
export const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com'

export interface Instance {
  name: SigstoreInstanceName
  fulcioUrl: string
  /** The Rekor log's base URL; absent when the instance has no transparency log. */
  rekorUrl?: string
  /** The log's API version (`rekor-version`): 1, or 2 (tiles; entries need a TSA timestamp). */
  rekorVersion?: RekorVersion
  /** Full URL of the timestamp endpoint; absent when the instance has no TSA. */
  tsaUrl?: string
  trustedRoot: TrustedRoot
  /** Why this instance signs (`sigstore: auto` chose it, or the input named it). */
  reason?: string
}

export interface InstanceOptions {
  name: SigstoreInstanceName
  signingConfig?: string
  trustedRoot?: string
  /** Where TUF caches metadata (under RUNNER_TEMP on a runner); the system's temp dir otherwise. */
  cacheDir?: string
  /** A TUF repository to take the trust material from instead of the instance's own. */
  tufMirror?: string
  /** Its initial root metadata (a file); the instance's own root when absent. */
  tufRoot?: string
  /** GITHUB_SERVER_URL: where GitHub's instance lives (`fulcio.<host>`). */
  serverUrl?: string
  /** The Rekor API version to log with (`rekor-version`), 1 by default. */
  rekorVersion?: RekorVersion
}

/** API versions this action speaks: Fulcio v2 API (major 1), Rekor v1 or v2, TSA v1. */
const SUPPORTED = { ca: 1, tsa: 1 }

/** public-good's signing configs in its TUF repository: the default, and the Rekor v2 opt-in. */
export const PUBLIC_GOOD_SIGNING_CONFIG: Record<RekorVersion, string> = {
  1: 'signing_config.v0.2.json',
  2: 'signing_config_rekor_v2.v0.2.json'
}

export async function loadInstance(options: InstanceOptions): Promise<Instance> {
  switch (options.name) {
    case 'custom':
      return fromConfig(
        'custom',
        parsed('signing-config', await readObject(options.signingConfig ?? '', 'signing-config')),
        trustedRootFrom(await readObject(options.trustedRoot ?? '', 'trusted-root')),
        options.rekorVersion
      )
    case 'public-good':
      return publicGood(options)
    case 'github':
      return github(options)
  }
}

export function fromConfig(
  name: SigstoreInstanceName,
  config: SigningConfig,
  trustedRoot: TrustedRoot,
  rekorVersion: RekorVersion = 1
): Instance {
  const ca = select(config.caUrls, SUPPORTED.ca)
  if (!ca)
    throw new UserError(
      'TRUST_MATERIAL',
      'The signing config lists no usable certificate authority (Fulcio, API v1)'
    )
  // Exactly the version asked for: a v2 config also lists the v1 log, and v1 must not pick v2.
  const tlog = select(
    config.rekorTlogUrls.filter((s) => s.majorApiVersion === rekorVersion),
    rekorVersion
  )
  const offered = config.rekorTlogUrls.map((s) => `${s.url} (v${s.majorApiVersion})`).join(', ')
  // A config that names logs but none of the version asked for must not quietly sign without a
  // log: verifiers that trust those logs would then refuse every bundle.
  if (!tlog && (config.rekorTlogUrls.length > 0 || rekorVersion === 2)) {
    const other = rekorVersion === 2 ? 1 : 2
    throw new UserError(
      'TRUST_MATERIAL',
      `The signing config lists no Rekor v${rekorVersion} log valid now (rekor-version: ${rekorVersion}); it lists: ${offered || 'no log'}`,
      config.rekorTlogUrls.some((s) => s.majorApiVersion === other)
        ? `set 'rekor-version: ${other}', or give a signing config that lists a Rekor v${rekorVersion} log`
        : `give a signing config that lists a Rekor v${rekorVersion} log`
    )
  }
  const tsa = select(config.tsaUrls, SUPPORTED.tsa)
  // Rekor v2 entries carry no integrated time: a TSA timestamp is the only proof of signing time.
  if (rekorVersion === 2 && !tsa) {
    throw new UserError(
      'TRUST_MATERIAL',
      'The signing config lists no timestamp authority valid now, which Rekor v2 needs (rekor-version: 2): its entries carry no signing time',
      "give a signing config with a timestamp authority (tsaUrls), or set 'rekor-version: 1'"
    )
  }
  if (!tlog && !tsa) {
    throw new UserError(
      'TRUST_MATERIAL',
      'The signing config lists neither a usable Rekor v1 log nor a timestamp authority'
    )
  }
  return {
    name,
    fulcioUrl: ca.url,
    rekorUrl: tlog?.url,
    rekorVersion: tlog ? rekorVersion : undefined,
    tsaUrl: tsa?.url,
    trustedRoot
  }
}

/** The service with the highest supported API version, valid now, with the newest start. */
export function select(
  services: Service[],
  maxVersion: number,
  now = new Date()
): Service | undefined {
  return services
    .filter((s) => s.majorApiVersion <= maxVersion)
    .filter((s) => {
      const start = s.validFor?.start
      const end = s.validFor?.end
      return (!start || start <= now) && (!end || end > now)
    })
    .sort(
      (a, b) =>
        b.majorApiVersion - a.majorApiVersion ||
        (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0)
    )[0]
}

async function publicGood(options: InstanceOptions): Promise<Instance> {
  const seed = (seeds as Record<string, { 'root.json': string }>)[DEFAULT_MIRROR_URL]
  const tuf = await openTuf({
    mirror: options.tufMirror ?? DEFAULT_MIRROR_URL,
    rootPath: options.tufRoot,
    // A mirror of the public-good repository starts from the same root; the default mirror is
    // seeded by @sigstore/tuf itself.
    defaultRoot: options.tufMirror && seed ? Buffer.from(seed['root.json'], 'base64') : undefined,
    cacheDir: options.cacheDir ?? join(tmpdir(), 'sign-release-tuf')
  })
  const rekorVersion = options.rekorVersion ?? 1
  const target = PUBLIC_GOOD_SIGNING_CONFIG[rekorVersion]
  const config = parsedTarget(tuf, target, await tuf.target(target))
  const root = parsedTarget(tuf, 'trusted_root.json', await tuf.target('trusted_root.json'))
  return fromConfig('public-good', config as SigningConfig, root as TrustedRoot, rekorVersion)
}

/**
 * GitHub's instance: Fulcio and a TSA, no transparency log. Its trusted root comes from GitHub's
 * TUF repository, verified from the root metadata the GitHub CLI embeds (see NOTICE). Its services
 * are `fulcio.<host>` and `timestamp.<host>` of the server (githubapp.com for github.com), as
 * actions/attest derives them; a repository given with `tuf-mirror` describes its own instance, so
 * the services are then the authorities its trusted root names.
 */
async function github(options: InstanceOptions): Promise<Instance> {
  if (options.rekorVersion === 2) {
    throw new UserError(
      'INPUT_INVALID',
      "Input 'rekor-version': 2 needs a transparency log, and GitHub's Sigstore instance has none",
      "remove 'rekor-version' (or set 1) for sigstore: github, or sign with 'sigstore: public-good'"
    )
  }
  const tuf = await openTuf({
    mirror: options.tufMirror ?? GITHUB_TUF_MIRROR,
    rootPath: options.tufRoot,
    defaultRoot: Buffer.from(JSON.stringify(githubRoot)),
    cacheDir: options.cacheDir ?? join(tmpdir(), 'sign-release-tuf')
  })
  const root = parsedTarget(
    tuf,
    'trusted_root.json',
    await tuf.target('trusted_root.json')
  ) as TrustedRoot
  const services = options.tufMirror
    ? servicesOf(root, tuf.mirror)
    : githubServices(options.serverUrl)
  return { name: 'github', ...services, rekorUrl: undefined, trustedRoot: root }
}

/** actions/attest's endpoints for GitHub's instance (its `buildGitHubEndpoints`). */
export function githubServices(serverUrl = 'https://github.com'): {
  fulcioUrl: string
  tsaUrl: string
} {
  let host = new URL(serverUrl).hostname
  if (host === 'github.com') host = 'githubapp.com'
  return { fulcioUrl: `https://fulcio.${host}`, tsaUrl: `https://timestamp.${host}` }
}

/** The certificate and timestamp authorities a trusted root names, valid now. */
function servicesOf(root: TrustedRoot, mirror: string): { fulcioUrl: string; tsaUrl: string } {
  const now = new Date()
  const valid = (a: TrustedRoot['certificateAuthorities'][number]): boolean =>
    a.uri !== '' &&
    (!a.validFor?.start || a.validFor.start <= now) &&
    (!a.validFor?.end || a.validFor.end > now)
  const ca = root.certificateAuthorities.filter(valid).at(-1)
  const tsa = root.timestampAuthorities.filter(valid).at(-1)
  if (!ca || !tsa) {
    throw new UserError(
      'TRUST_MATERIAL',
      `The trusted root from the TUF repository ${quote(mirror)} names no ${ca ? 'timestamp' : 'certificate'} authority valid now with a URL`,
      'give the TUF repository of an instance with a Fulcio and a timestamp authority'
    )
  }
  return { fulcioUrl: ca.uri, tsaUrl: tsa.uri }
}

/** A TUF target as trust material: the repository verified its bytes, not that they parse. */
function parsedTarget(tuf: TufRepository, name: string, text: string): SigningConfig | TrustedRoot {
  try {
    const json: unknown = JSON.parse(text)
    return name === 'trusted_root.json'
      ? trustedRootOf(json, tuf.mirror)
      : SigningConfig.fromJSON(json)
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(
      'TRUST_MATERIAL',
      `The TUF repository ${quote(tuf.mirror)} serves a ${quote(name)} that is not ${name === 'trusted_root.json' ? 'a trusted root' : 'a signing config'}`,
      'the repository is broken: report it to its operators',
      { cause: error }
    )
  }
}

function trustedRootOf(json: unknown, mirror: string): TrustedRoot {
  const root = TrustedRoot.fromJSON(json)
  if (!root.certificateAuthorities.some((ca) => (ca.certChain?.certificates.length ?? 0) > 0)) {
    throw new UserError(
      'TRUST_MATERIAL',
      `The trusted root from the TUF repository ${quote(mirror)} lists no certificate authority`,
      'the repository is broken: report it to its operators'
    )
  }
  return root
}

/**
 * A custom trusted root, checked when it is loaded: without a certificate authority no bundle of
 * this run could verify, and the run would fail only after signing everything.
 */
function trustedRootFrom(json: Record<string, unknown>): TrustedRoot {
  const root = parsed('trusted-root', json)
  if (!root.certificateAuthorities.some((ca) => (ca.certChain?.certificates.length ?? 0) > 0)) {
    throw new UserError(
      'TRUST_MATERIAL',
      "Input 'trusted-root': lists no certificate authority",
      "give the trusted_root.json of your Sigstore instance, with its Fulcio's certificate chain"
    )
  }
  return root
}

/** The protobuf message of a trust file; the generated parsers throw TypeErrors on wrong shapes. */
function parsed(input: 'signing-config', json: Record<string, unknown>): SigningConfig
function parsed(input: 'trusted-root', json: Record<string, unknown>): TrustedRoot
function parsed(
  input: 'signing-config' | 'trusted-root',
  json: Record<string, unknown>
): SigningConfig | TrustedRoot {
  try {
    return input === 'trusted-root' ? TrustedRoot.fromJSON(json) : SigningConfig.fromJSON(json)
  } catch (error) {
    throw new UserError(
      'TRUST_MATERIAL',
      `Input '${input}': is not a ${input === 'trusted-root' ? 'trusted root' : 'signing config'}`,
      fixFor(input),
      { cause: error }
    )
  }
}

function fixFor(input: string): string {
  return `give the ${input === 'trusted-root' ? 'trusted_root.json' : 'signing_config.json'} of your Sigstore instance`
}

/** Reads a JSON object from a file path, or an http(s) URL (timeouts and bounded retries). */
async function readObject(source: string, input: string): Promise<Record<string, unknown>> {
  const unreadable = (error: unknown): UserError =>
    new UserError(
      'INPUT_INVALID',
      `Input '${input}': cannot read ${quote(source)}: ${messageOf(error)}`,
      'give a readable file or URL'
    )
  // The parser's message quotes the content: say only that it is not JSON.
  const notJson = (): UserError =>
    new UserError('TRUST_MATERIAL', `Input '${input}': ${quote(source)} is not JSON`, fixFor(input))
  let value: unknown
  if (/^https?:\/\//.test(source)) {
    try {
      value = await fetchJson(source)
    } catch (error) {
      if (error instanceof FetchJsonError && error.notJson) throw notJson()
      throw unreadable(error)
    }
  } else {
    let text: string
    try {
      text = await readFile(source, 'utf8')
    } catch (error) {
      throw unreadable(error)
    }
    try {
      value = JSON.parse(text)
    } catch {
      throw notJson()
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(
      'TRUST_MATERIAL',
      `Input '${input}': ${quote(source)} is not a JSON object`,
      fixFor(input)
    )
  }
  return value as Record<string, unknown>
}
