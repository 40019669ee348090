/**
 * `npm run sandbox -- [--state FILE] [flags]`: starts the loopback sandbox, writes its files, prints
 * where everything listens, and runs until SIGINT or SIGTERM.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startSandbox } from './index.js'
import { contextFromFlags, latencyFromFlag } from './flags.js'

const USAGE = `Usage: npm run sandbox -- [options]
  --state FILE            where to write the state file (default: <dir>/state.json)
  --dir DIR               where to write trust material and assets (default: a new temp dir)
  --repo OWNER/NAME       repository of the workflow run (default octo-org/octo-repo)
  --visibility V          public | private | internal
  --ref REF               e.g. refs/tags/v1.0.0
  --sha SHA               commit of the run
  --workflow FILE         calling workflow, e.g. .github/workflows/release.yml
  --workflow-name NAME    the workflow's name
  --event NAME            push | release | workflow_dispatch ...
  --reusable REF          reusable workflow the job runs: OWNER/REPO/.github/workflows/FILE@REF
  --reusable-sha SHA      commit of the reusable workflow
  --environment NAME      the job's deployment environment (the token's environment claim)
  --rekor-version N       1 (default) or 2: the log the printed signing config and runAction's
                          default inputs use (both logs run, one trusted root covers both)
  --oidc-issuer URL       the tokens' iss (default: the token service's URL), e.g.
                          https://token.actions.githubusercontent.com for verifiers that require it
  --server-url URL        the GitHub server stood in for (GITHUB_SERVER_URL, the SAN's base), e.g.
                          https://octo.ghe.com (GHE.com) or https://ghes.example.com (default github.com)
  --api-path PATH         where the REST API lives, e.g. /api/v3 as on GHES (default: the root)
  --latency LIST          milliseconds every request to a service waits, e.g.
                          fulcio=300,rekor=500,tsa=100,github=100,uploads=100,web=100
                          (also PUT <control>/latency {"fulcio": 300, ...})
  --help`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      state: { type: 'string' },
      dir: { type: 'string' },
      repo: { type: 'string' },
      visibility: { type: 'string' },
      ref: { type: 'string' },
      sha: { type: 'string' },
      workflow: { type: 'string' },
      'workflow-name': { type: 'string' },
      event: { type: 'string' },
      reusable: { type: 'string' },
      'reusable-sha': { type: 'string' },
      environment: { type: 'string' },
      'oidc-issuer': { type: 'string' },
      'rekor-version': { type: 'string' },
      'server-url': { type: 'string' },
      'api-path': { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const started = startSandbox({
    dir: values.dir ? resolve(values.dir) : undefined,
    statePath: values.state ? resolve(values.state) : undefined,
    context: contextFromFlags(values),
    oidcIssuer: values['oidc-issuer'],
    rekorVersion: rekorVersionFlag(values['rekor-version']),
    serverUrl: values['server-url'],
    apiPath: values['api-path'],
    latency: latencyFromFlag(values.latency)
  })
  // Signals are handled from the start, so a stop during start-up still closes cleanly.
  const stop = (): void => {
    started
      .then((sandbox) => sandbox.close())
      .then(
        () => process.exit(0),
        () => process.exit(1)
      )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const sandbox = await started
  const s = sandbox.state
  console.log(`sign-release sandbox is running (Ctrl-C to stop)
  GitHub API       ${s.github.apiUrl}
  GitHub uploads   ${s.github.uploadUrl}
  GitHub web       ${s.github.serverUrl}
  OIDC issuer      ${s.oidc.issuer} (discovery at ${s.oidc.discoveryUrl})
  Fulcio           ${s.sigstore.fulcioUrl}
  Rekor            ${s.sigstore.rekorUrl}
  Rekor v2         ${s.sigstore.rekorV2Url}
  TSA              ${s.sigstore.tsaUrl}
  TUF public-good  ${s.tuf.publicGood.mirror} (root ${s.tuf.publicGood.rootPath})
  TUF GitHub       ${s.tuf.github.mirror} (root ${s.tuf.github.rootPath})
  control          ${s.control.url}
  trusted root     ${s.sigstore.trustedRootPath}
  signing config   ${s.sigstore.rekorVersion === 2 ? s.sigstore.signingConfigRekorV2Path : s.sigstore.signingConfigPath} (Rekor v${s.sigstore.rekorVersion}; rekor-version: '${s.sigstore.rekorVersion}')
  other config     ${s.sigstore.rekorVersion === 2 ? s.sigstore.signingConfigPath : s.sigstore.signingConfigRekorV2Path}
  state            ${sandbox.statePath}
  workflow         ${s.env.GITHUB_WORKFLOW_REF} (${s.context.visibility}, event ${s.context.eventName})`)
}

function rekorVersionFlag(value: string | undefined): 1 | 2 | undefined {
  if (value === undefined) return undefined
  if (value === '1' || value === '2') return Number(value) as 1 | 2
  throw new Error(`--rekor-version: '${value}' is not 1 or 2`)
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
