/**
 * What a Sigstore service's failure means to the user: which service (by URL), what it answered,
 * and the fix. @sigstore/sign reports failures as InternalErrors whose code names the service
 * (CA_*, TLOG_*, TSA_*) and whose cause is an HTTPError (with the status) or the fetch error (a
 * timeout, a lost connection) left after its own retries.
 *
 * Nothing is uploaded before every file is signed and verified, so a failure here leaves the
 * release as it was, and a re-run (new key, new certificate, new entries) starts clean.
 */
import { UserError, messageOf, statusOf } from '../errors.js'
import { quote, firstLine } from '../util/format.js'

export interface SigstoreUrls {
  fulcioUrl: string
  rekorUrl?: string
  tsaUrl?: string
}

const SERVICES = {
  FULCIO: { name: 'Fulcio', failed: 'did not issue a certificate' },
  REKOR: { name: 'Rekor', failed: 'did not log' },
  TSA: { name: 'The timestamp authority', failed: 'did not timestamp' }
} as const

export type Service = keyof typeof SERVICES

/**
 * `what` names the thing being signed, e.g. `'app.tar.gz'`; absent for the certificate. An error
 * that names no service is returned unchanged unless `fallback` says whose it is.
 */
export function sigstoreError(
  error: unknown,
  urls: SigstoreUrls,
  what?: string,
  fallback?: Service
): unknown {
  if (error instanceof UserError) return error
  const service = serviceOf(error) ?? fallback
  if (!service) return error
  const url =
    service === 'FULCIO' ? urls.fulcioUrl : service === 'REKOR' ? urls.rekorUrl : urls.tsaUrl
  const cause = (error as { cause?: unknown } | null)?.cause ?? error
  const status = statusOf(cause)
  const { name, failed } = SERVICES[service]
  const subject = what === undefined ? '' : ` ${quote(what)}`
  const answer =
    status === undefined
      ? `no usable answer after retries: ${quote(firstLine(messageOf(cause)))}`
      : `HTTP ${status}${status >= 500 || status === 429 || status === 408 ? ' after retries' : ''}: ${quote(firstLine(serverText(cause)))}`
  const message = `${name} at ${url ?? 'its configured URL'} ${failed}${subject} (${answer})`
  const rerun = 're-run the job: nothing was uploaded, as every file is signed before any is'
  if (service === 'REKOR' && status === 409) {
    return new UserError(
      'REKOR',
      `${message}: it says the entry exists but not where, so it cannot be fetched`,
      `${rerun}; a re-run signs with a new key, so its entries are new`,
      { cause: error }
    )
  }
  const refused = status !== undefined && status < 500 && status !== 408 && status !== 429
  return new UserError(
    service,
    message,
    refused && service === 'FULCIO' && (status === 400 || status === 401 || status === 403)
      ? "Fulcio refused the run's OIDC token: check that the instance trusts this issuer ('sigstore', 'signing-config')"
      : refused
        ? `check that ${url ?? 'the URL'} is the instance's ${name} ('sigstore', 'signing-config'); else ${rerun}`
        : rerun,
    { cause: error }
  )
}

function serviceOf(error: unknown): Service | undefined {
  const raw = (error as { code?: unknown } | null)?.code
  const code = typeof raw === 'string' ? raw : ''
  if (code.startsWith('TLOG')) return 'REKOR'
  if (code.startsWith('TSA')) return 'TSA'
  if (code.startsWith('CA')) return 'FULCIO'
  return undefined
}

/** HTTPError's message is `(status) server message`: the server's part. */
function serverText(error: unknown): string {
  return messageOf(error).replace(/^\(\d+\)\s*/, '')
}
