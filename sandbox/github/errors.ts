/**
 * GitHub's error bodies: `{message, documentation_url, status}` (basic-error), and for 422
 * `{message: 'Validation Failed', errors: [{resource, code, field, message?}]}` (validation-error).
 * Domain code throws GitHubApiError; the HTTP layer adds the endpoint's documentation URL.
 */

export interface ValidationItem {
  resource: string
  code: string
  field?: string
  message?: string
}

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ValidationItem[],
    readonly headers: Record<string, string> = {},
    /** Overrides the endpoint's documentation URL (rate limit answers point at their own page). */
    readonly documentationUrl?: string
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }

  body(documentationUrl: string): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl ?? documentationUrl,
      status: String(this.status)
    }
  }
}

export const DOCS = 'https://docs.github.com/rest'

export function notFound(): GitHubApiError {
  return new GitHubApiError(404, 'Not Found')
}

export function validationFailed(...errors: ValidationItem[]): GitHubApiError {
  return new GitHubApiError(422, 'Validation Failed', errors)
}

/** GitHub's schema validation answer for a malformed request body. */
export function invalidRequest(detail: string): GitHubApiError {
  return new GitHubApiError(422, `Invalid request.\n\n${detail}`)
}

export function alreadyExists(resource: string, field: string): GitHubApiError {
  return validationFailed({ resource, code: 'already_exists', field })
}
