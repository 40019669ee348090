#!/usr/bin/env node
/** `sign-release`: verify what sign-release (or any Sigstore client) signed. */
import { parseArgs } from 'node:util'
import { useEnvProxy } from '../util/proxy.js'
import { CliError } from './errors.js'
import { verifyBundle } from './verify-bundle.js'
import { verifyReleaseCommand } from './verify-release.js'

const USAGE = `Usage:
  sign-release verify --repo OWNER/REPO --tag TAG [--dir DOWNLOADS]
                      [--signer-workflow OWNER/REPO/.github/workflows/FILE] [--ref REF]
                      [--trusted-root FILE] [--certificate-oidc-issuer URL] [--checksums NAME]
                      [--server-url URL] [--json]
                      [--require-authorization [--approver LOGIN]... [--environment NAME]]
                      [--runner-environment github-hosted|self-hosted] [--trigger EVENT]
      Checks every file of a release (from --dir, or downloaded; GITHUB_TOKEN optional) against its
      bundle, the provenance and the checksums file, for the expected signing workflow. Read from
      GitHub, an immutable release's own release attestation (GitHub's instance) must list exactly
      its files with the same digests; it is shown when there is one.
      --require-authorization: each file must be covered by an authorisation statement of the same
      signer that names the environment (--environment) and an approval (by an --approver).
      --runner-environment, --trigger: what every certificate must say about the run (Fulcio's
      Runner Environment and Build Trigger extensions).
      --trusted-root takes a trusted_root.json or JSON Lines of roots (gh attestation trusted-root);
      each bundle is verified against the root whose certificate authority issued its certificate.
      --server-url is the GitHub server of a GHES or GHE.com repository (default GITHUB_SERVER_URL,
      else https://github.com).

  sign-release verify-bundle --bundle FILE (--certificate-identity URI --certificate-oidc-issuer URL | --key PEM)
                             [--trusted-root FILE] FILE_OR_sha256:DIGEST

Exit codes: 0 verified, 1 verification failed, 2 usage or input error.`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    const proxy = useEnvProxy()
    if (proxy.kind === 'unsupported')
      process.stderr.write(
        `sign-release: a proxy is set (${proxy.proxies.join(', ')}), but Node.js ${process.version} ` +
          'cannot send requests through it (Node 24.14 or later can): they go direct\n'
      )
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
            'trusted-root': { type: 'string' }
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
      case 'verify': {
        const { values } = parseArgs({
          args: rest,
          options: {
            repo: { type: 'string' },
            tag: { type: 'string' },
            dir: { type: 'string' },
            'signer-workflow': { type: 'string' },
            ref: { type: 'string' },
            'trusted-root': { type: 'string' },
            'certificate-oidc-issuer': { type: 'string' },
            checksums: { type: 'string' },
            'server-url': { type: 'string' },
            json: { type: 'boolean' },
            'require-authorization': { type: 'boolean' },
            approver: { type: 'string', multiple: true },
            environment: { type: 'string' },
            'runner-environment': { type: 'string' },
            trigger: { type: 'string' }
          }
        })
        process.stdout.write(
          (await verifyReleaseCommand({
            repo: values.repo,
            tag: values.tag,
            dir: values.dir,
            signerWorkflow: values['signer-workflow'],
            ref: values.ref,
            trustedRoot: values['trusted-root'],
            issuer: values['certificate-oidc-issuer'],
            checksums: values.checksums,
            serverUrl: values['server-url'],
            json: values.json,
            requireAuthorization: values['require-authorization'],
            approvers: values.approver,
            environment: values.environment,
            runnerEnvironment: values['runner-environment'],
            trigger: values.trigger,
            env: process.env
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
    // A failed verification prints its table on stdout, like a passing one.
    if (error instanceof CliError && error.exitCode === 1 && command === 'verify') {
      process.stdout.write(error.message + '\n')
      return exitCode
    }
    process.stderr.write(
      `sign-release: ${error instanceof Error ? error.message : String(error)}\n`
    )
    return exitCode
  }
}

process.exitCode = await main(process.argv.slice(2))
