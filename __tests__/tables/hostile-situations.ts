/**
 * Hostile situations beyond inputs: what the runner hands the action (event payload, tokens,
 * environment) and names that try to break the log. __tests__/e2e/hostile-situations.test.ts runs
 * the table; docs/reliability.md is rendered from it.
 */
import type { ErrorCode } from '../../src/errors.js'

export interface HostileSituation {
  name: string
  /** What the case does to the run, in words (rendered in docs/reliability.md). */
  setup: string
  /** `completes`, or the code of the one error line. */
  outcome: ErrorCode | 'completes'
}

export const HOSTILE_SITUATIONS: HostileSituation[] = [
  {
    name: 'event payload that is not JSON',
    setup: 'GITHUB_EVENT_PATH holds text',
    outcome: 'RUNNER_ENV'
  },
  {
    name: 'event payload that is a JSON array',
    setup: 'GITHUB_EVENT_PATH holds `[]`',
    outcome: 'RUNNER_ENV'
  },
  {
    name: 'GITHUB_REPOSITORY that is not owner/repo',
    setup: 'GITHUB_REPOSITORY=`octo-org`',
    outcome: 'RUNNER_ENV'
  },
  {
    name: 'a proxy setting Node cannot use, with a password in it',
    setup: 'HTTPS_PROXY=`http://user:password@[bad` (the password is never printed)',
    outcome: 'RUNNER_ENV'
  },
  {
    name: 'a token GitHub does not know',
    setup: 'github-token: `ghs_unknown`',
    outcome: 'GITHUB_AUTH'
  },
  {
    name: 'the job lacks id-token: write',
    setup: 'no ACTIONS_ID_TOKEN_REQUEST_URL',
    outcome: 'PERMISSION'
  },
  {
    name: "the runner's OIDC request token is refused",
    setup: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN is wrong (HTTP 401)',
    outcome: 'OIDC'
  },
  {
    name: 'a release id that does not exist',
    setup: 'release-id: `424242`',
    outcome: 'RELEASE'
  },
  {
    name: 'a local file whose name carries a newline and a workflow command',
    setup: 'files: the file `evil⏎::error::pwned.bin`',
    outcome: 'completes'
  }
]
