/** CLI failures: exit code 2 for usage and input errors, 1 for verification failures. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2)
export const verificationError = (message: string): CliError => new CliError(message, 1)
