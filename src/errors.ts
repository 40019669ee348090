/**
 * An error the user can act on: what went wrong, and how to fix it. `run()` prints the message and
 * the hint; anything else is reported as an unexpected failure with its cause.
 */
export class UserError extends Error {
  constructor(
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
  return new UserError(`Input '${input}': ${problem}`, fix)
}

/** The message of anything thrown, for logs. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
