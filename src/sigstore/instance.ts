/**
 * Which Sigstore instance signs, and the trust material that verifies its output: service URLs from
 * a signing config, and a trusted root. `custom` reads both from files or URLs (the local sandbox
 * writes them); `public-good` gets them from Sigstore's TUF repository.
 */
import { readFile } from 'node:fs/promises'
import { SigningConfig, TrustedRoot, type Service } from '@sigstore/protobuf-specs'
import { initTUF } from '@sigstore/tuf'
import { UserError, messageOf } from '../errors.js'
import type { SigstoreInstanceName } from '../inputs.js'
import { quote } from '../util/format.js'

export interface Instance {
  name: SigstoreInstanceName
  fulcioUrl: string
  /** Rekor v1 base URL; absent when the instance has no transparency log. */
  rekorUrl?: string
  /** Full URL of the timestamp endpoint; absent when the instance has no TSA. */
  tsaUrl?: string
  trustedRoot: TrustedRoot
}

export interface InstanceOptions {
  name: SigstoreInstanceName
  signingConfig?: string
  trustedRoot?: string
  /** Where TUF may cache metadata (RUNNER_TEMP on a runner). */
  cacheDir?: string
}

/** API versions this action speaks: Fulcio v2 API (major 1), Rekor v1, TSA v1. */
const SUPPORTED = { ca: 1, tlog: 1, tsa: 1 }

export async function loadInstance(options: InstanceOptions): Promise<Instance> {
  switch (options.name) {
    case 'custom':
      return fromConfig(
        'custom',
        parsed('signing-config', await readObject(options.signingConfig ?? '', 'signing-config')),
        trustedRootFrom(await readObject(options.trustedRoot ?? '', 'trusted-root'))
      )
    case 'public-good':
      return publicGood(options.cacheDir)
    case 'github':
      throw new UserError(
        'TRUST_MATERIAL',
        "sigstore: github is not supported yet: GitHub's instance publishes its trust root only through its own TUF repository",
        "use sigstore: public-good for public repositories, or sigstore: custom with the instance's files"
      )
  }
}

export function fromConfig(
  name: SigstoreInstanceName,
  config: SigningConfig,
  trustedRoot: TrustedRoot
): Instance {
  const ca = select(config.caUrls, SUPPORTED.ca)
  if (!ca)
    throw new UserError(
      'TRUST_MATERIAL',
      'The signing config lists no usable certificate authority (Fulcio, API v1)'
    )
  const tlog = select(config.rekorTlogUrls, SUPPORTED.tlog)
  // A config that names logs but none this version speaks must not quietly sign without a log:
  // verifiers that trust those logs would then refuse every bundle.
  if (!tlog && config.rekorTlogUrls.length > 0) {
    const offered = config.rekorTlogUrls.map((s) => `${s.url} (v${s.majorApiVersion})`).join(', ')
    throw new UserError(
      'TRUST_MATERIAL',
      `The signing config's transparency logs are none that this version can use now (Rekor v${SUPPORTED.tlog}, valid today): ${offered}`,
      'upgrade sign-release, or give a signing config that lists a Rekor v1 log'
    )
  }
  const tsa = select(config.tsaUrls, SUPPORTED.tsa)
  if (!tlog && !tsa) {
    throw new UserError(
      'TRUST_MATERIAL',
      'The signing config lists neither a usable Rekor v1 log nor a timestamp authority'
    )
  }
  return { name, fulcioUrl: ca.url, rekorUrl: tlog?.url, tsaUrl: tsa?.url, trustedRoot }
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

async function publicGood(cacheDir?: string): Promise<Instance> {
  try {
    const tuf = await initTUF({ cachePath: cacheDir, retry: 3, timeout: 10000 })
    const config = SigningConfig.fromJSON(
      JSON.parse(await tuf.getTarget('signing_config.v0.2.json'))
    )
    const root = TrustedRoot.fromJSON(JSON.parse(await tuf.getTarget('trusted_root.json')))
    return fromConfig('public-good', config, root)
  } catch (error) {
    throw new UserError(
      'TRUST_MATERIAL',
      `Could not load the public-good trust material through TUF: ${messageOf(error)}`,
      undefined,
      {
        cause: error
      }
    )
  }
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

/** Reads a JSON object from a file path or an http(s) URL. */
async function readObject(source: string, input: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    if (/^https?:\/\//.test(source)) {
      const response = await fetch(source, { signal: AbortSignal.timeout(30000) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      text = await response.text()
    } else {
      text = await readFile(source, 'utf8')
    }
  } catch (error) {
    throw new UserError(
      'INPUT_INVALID',
      `Input '${input}': cannot read ${quote(source)}: ${messageOf(error)}`,
      'give a readable file or URL'
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // The parser's message quotes the content: say only that it is not JSON.
    throw new UserError(
      'TRUST_MATERIAL',
      `Input '${input}': ${quote(source)} is not JSON`,
      fixFor(input)
    )
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
