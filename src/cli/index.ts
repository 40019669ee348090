#!/usr/bin/env node
/** `sign-release`: verify what sign-release (or any Sigstore client) signed. */
import { parseArgs } from 'node:util'
import { CliError } from './errors.js'
import { verifyBundle } from './verify-bundle.js'

const USAGE = `Usage:
  sign-release verify-bundle --bundle FILE (--certificate-identity URI --certificate-oidc-issuer URL | --key PEM)
                             [--trusted-root FILE] FILE_OR_sha256:DIGEST

Exit codes: 0 verified, 1 verification failed, 2 usage or input error.`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'verify-bundle': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            bundle: { type: 'string' },
            'certificate-identity': { type: 'string' },
            'certificate-oidc-issuer': { type: 'string' },
            key: { type: 'string' },
            'trusted-root': { type: 'string' },
            staging: { type: 'boolean' }
          }
        })
        process.stdout.write(
          (await verifyBundle({
            bundle: values.bundle,
            certificateIdentity: values['certificate-identity'],
            certificateOidcIssuer: values['certificate-oidc-issuer'],
            key: values.key,
            trustedRoot: values['trusted-root'],
            artifact: positionals[0]
          })) + '\n'
        )
        return 0
      }
      case undefined:
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n')
        return command === undefined ? 2 : 0
      default:
        throw new CliError(`unknown command '${command}'\n${USAGE}`, 2)
    }
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2
    process.stderr.write(
      `sign-release: ${error instanceof Error ? error.message : String(error)}\n`
    )
    return exitCode
  }
}

process.exitCode = await main(process.argv.slice(2))
