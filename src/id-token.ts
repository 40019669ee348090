/**
 * The job's OIDC token from the runner's token service (ACTIONS_ID_TOKEN_REQUEST_URL), as
 * @actions/core's getIDToken asks for it, but with a deadline per attempt and bounded retries of
 * 5xx, 429, timeouts and lost connections (@actions/core waits up to three minutes on a stalled
 * service and retries none of these). A refusal (4xx) is final.
 */
import { UserError, messageOf } from './errors.js'
import { fetchJson, FetchJsonError } from './util/fetch-json.js'

export async function requestIdToken(
  audience: string,
  env: Record<string, string | undefined> = process.env
): Promise<string> {
  const base = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!base || !requestToken) {
    throw new UserError(
      'PERMISSION',
      'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
      'add to the job:\n  permissions:\n    contents: write\n    id-token: write'
    )
  }
  const url = new URL(base)
  url.searchParams.set('audience', audience)
  let answer: unknown
  try {
    answer = await fetchJson(url.toString(), {
      headers: { authorization: `Bearer ${requestToken}` }
    })
  } catch (error) {
    const status = error instanceof FetchJsonError ? error.status : undefined
    throw new UserError(
      'OIDC',
      `The runner's OIDC token service did not issue a token (${status ? `HTTP ${status}` : messageOf(error)})`,
      status === 401 || status === 403
        ? 'the request token was refused: re-run the job; if it persists, check that the job has id-token: write'
        : 're-run the job: the token service failed several times',
      { cause: error }
    )
  }
  const value = (answer as { value?: unknown } | null)?.value
  if (typeof value !== 'string' || value === '') {
    throw new UserError(
      'OIDC',
      "The runner's OIDC token service answered without a token",
      're-run the job'
    )
  }
  return value
}
