/**
 * SLSA v1 provenance over every signed asset, with GitHub's workflow build type: the predicate is
 * built from the run's OIDC token, once its claims verify against the issuer's keys (the same
 * predicate @actions/attest's buildSLSAProvenancePredicate builds, without its hidden token request
 * and unretried fetches). Statements are signed as DSSE envelopes with the run's certificate and
 * logged like any other bundle.
 */
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { DSSEBundleBuilder } from '@sigstore/sign'
import { UserError } from '../errors.js'
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from '../intoto.js'
import type { SignContext } from './context.js'
import { verifiedClaims } from './token-claims.js'

const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'

export interface PredicateInput {
  /** The run's OIDC token. */
  token: string
  /** The issuer whose keys verify it; GitHub's for `serverUrl` when absent. */
  issuer?: string
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string
}

/** The SLSA provenance predicate (`https://slsa.dev/provenance/v1`) for this run. */
export async function slsaPredicate(input: PredicateInput): Promise<Record<string, unknown>> {
  const { serverUrl } = input
  const claims = await verifiedClaims(input.token, input.issuer ?? githubIssuer(serverUrl))
  // owner/repo/.github/workflows/main.yml@main => .github/workflows/main.yml
  const [workflowPath] = claims.workflow_ref.replace(`${claims.repository}/`, '').split('@')
  return {
    buildDefinition: {
      buildType: GITHUB_BUILD_TYPE,
      externalParameters: {
        workflow: {
          ref: claims.ref,
          repository: `${serverUrl}/${claims.repository}`,
          path: workflowPath
        }
      },
      internalParameters: {
        github: {
          event_name: claims.event_name,
          repository_id: claims.repository_id,
          repository_owner_id: claims.repository_owner_id,
          runner_environment: claims.runner_environment
        }
      },
      resolvedDependencies: [
        {
          uri: `git+${serverUrl}/${claims.repository}@${claims.ref}`,
          digest: { gitCommit: claims.sha }
        }
      ]
    },
    runDetails: {
      builder: { id: `${serverUrl}/${claims.job_workflow_ref}` },
      metadata: {
        invocationId: `${serverUrl}/${claims.repository}/actions/runs/${claims.run_id}/attempts/${claims.run_attempt}`
      }
    }
  }
}

/** GitHub Actions' token issuer for a server: github.com or a GHE.com tenant. */
export function githubIssuer(serverUrl: string): string {
  const valid =
    serverUrl === 'https://github.com' || /^https:\/\/[a-z0-9-]+\.ghe\.com$/.test(serverUrl)
  if (!valid) {
    throw new UserError(
      'PROVENANCE',
      `Could not build the SLSA provenance: no known OIDC issuer for GITHUB_SERVER_URL ${serverUrl}`,
      "use 'sigstore: custom' (the token's own issuer is used then), or set 'provenance: false'"
    )
  }
  const host = new URL(serverUrl).hostname
  return `https://token.actions.${host === 'github.com' ? 'githubusercontent.com' : host}`
}

export async function signStatement(
  context: SignContext,
  statement: Statement
): Promise<SerializedBundle> {
  const builder = new DSSEBundleBuilder({
    signer: context.signer.signer,
    witnesses: context.witnesses,
    certificateChain: false
  })
  const bundle = await builder.create({
    data: Buffer.from(JSON.stringify(statement)),
    type: IN_TOTO_PAYLOAD_TYPE
  })
  return bundleToJSON(bundle)
}
