/**
 * An error the user can act on: a code, what went wrong, and how to fix it. `run()` prints one line
 * `[CODE] message` plus the fix; anything else is reported as an unexpected failure with its cause.
 * Tests assert codes, never wording.
 */
export const ERROR_CODES = {
  /** An input's value cannot be used. */
  INPUT_INVALID: 'an input has a value that cannot be used',
  /** Two inputs contradict each other, or name the same file. */
  INPUT_CONFLICT: 'two inputs contradict each other',
  /** A local file (`files`, `sbom`) outside the workspace, under .git, or not a regular file. */
  WORKSPACE_FILE: 'a local file is refused',
  /** The runner's environment or event payload cannot be used. */
  RUNNER_ENV: "the runner's environment cannot be used",
  /** A file on the release under a name this run writes, whose content does not prove it is ours. */
  FOREIGN_FILE: 'a file on the release belongs to the user',
  /** An asset's bytes disagree with GitHub's digest or with a local file. */
  ASSET_MISMATCH: "an asset's content is not what it should be",
  /** Nothing matches `assets` / `files`. */
  NO_SUBJECTS: 'nothing to sign',
  /** The release cannot be found, or is published and immutable and still lacks files. */
  RELEASE: 'the release cannot be signed',
  /** GitHub's per-release or per-hour limits would be exceeded. */
  BUDGET: "GitHub's limits would be exceeded",
  /** The token lacks a permission (contents: write, id-token: write, attestations: write). */
  PERMISSION: 'a permission is missing',
  /** GitHub rejected the token itself. */
  GITHUB_AUTH: 'GitHub rejected the token',
  /** GitHub kept failing (server errors, rate limits, timeouts) after bounded retries. */
  GITHUB_UNAVAILABLE: 'GitHub did not answer usably',
  /** The runner's OIDC token service refused or kept failing. */
  OIDC: 'no OIDC token',
  /** The run's origin (ref, event, runner: the OIDC token's claims) is not allowed to sign. */
  POLICY: 'the origin policy refuses this run',
  /**
   * The run cannot show the release was approved (`authorization: environment`): no environment,
   * no required reviewers, no approval; or `require-signed-tag` and the tag's signature is not verified.
   */
  AUTHORIZATION: 'the release is not authorised',
  /** Trust material (signing config, trusted root, TUF) is unusable or does not match the instance. */
  TRUST_MATERIAL: 'the trust material cannot be used',
  /** Fulcio refused or kept failing. */
  FULCIO: 'no signing certificate',
  /** The transparency log refused or kept failing. */
  REKOR: 'no transparency-log entry',
  /** The timestamp authority refused or kept failing. */
  TSA: 'no timestamp',
  /** A bundle this run made does not verify: nothing is uploaded. */
  VERIFY: 'a bundle does not verify',
  /** The SLSA provenance could not be built. */
  PROVENANCE: 'no provenance',
  /** The attestations API refused (with `attestations: true`). */
  ATTESTATIONS: 'the attestations API refused',
  /** After publishing, a download or GitHub's release attestation did not verify. */
  PUBLISHED: 'the published release does not verify'
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'UserError'
  }
}

/** An input that cannot be used: names the input and the fix. */
export function inputError(input: string, problem: string, fix: string): UserError {
  return new UserError('INPUT_INVALID', `Input '${input}': ${problem}`, fix)
}

/** The message of anything thrown, for logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The HTTP status an error carries (Octokit's RequestError, sigstore-js' HTTPError), if any. */
export function statusOf(error: unknown): number | undefined {
  const value = (error as { status?: unknown; statusCode?: unknown } | null)?.status
  if (typeof value === 'number') return value
  const code = (error as { statusCode?: unknown } | null)?.statusCode
  return typeof code === 'number' ? code : undefined
}
