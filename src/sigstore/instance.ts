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
        SigningConfig.fromJSON(await readJson(options.signingConfig ?? '', 'signing-config')),
        TrustedRoot.fromJSON(await readJson(options.trustedRoot ?? '', 'trusted-root'))
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

/** Reads JSON from a file path or an http(s) URL. */
async function readJson(source: string, input: string): Promise<unknown> {
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
      `Input '${input}': cannot read ${source}: ${messageOf(error)}`,
      'give a readable file or URL'
    )
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(
      'INPUT_INVALID',
      `Input '${input}': ${source} is not JSON: ${messageOf(error)}`
    )
  }
}
