/**
 * One run: inputs -> plan -> sign -> verify -> publish. Each stage takes typed input and returns
 * typed output; nothing here talks to @actions/core (run() does), so the whole flow runs anywhere.
 *
 * A run is prepared the same way with or without `dry-run` (everything local checked, the token's
 * identity and policy, the instance, the plan); only a run with a `Signer` goes on to write.
 */
import { join } from 'node:path'
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from './errors.js'
import { connectRepository, type GitHubRepo } from './github/index.js'
import { createOctokit, type Client } from './github/octokit.js'
import {
  identityFromToken,
  repositoryUrl,
  splitRepository,
  validFor,
  type Identity
} from './identity.js'
import type { Inputs } from './inputs.js'
import type { Log } from './log.js'
import { readAuthorization, type AuthorizationPredicate } from './plan/authorization.js'
import { existingReader, existingVerifier } from './plan/existing.js'
import { planRun, type Plan } from './plan/index.js'
import { readLocalInputs } from './plan/local.js'
import { refusePrivateOnPublicLog } from './plan/private-repository.js'
import type { Release } from './github/releases.js'
import type { EventContext } from './plan/release.js'
import { enforceOrigin } from './policy.js'
import type { StoredAttestation } from './publish/attestation.js'
import { writeBundleFiles } from './publish/bundle-files.js'
import { publishPlan } from './publish/index.js'
import { startUploads } from './publish/uploads.js'
import { logDryRun } from './report/dry-run.js'
import { signPlan } from './sign/index.js'
import { chooseInstance } from './sigstore/choose.js'
import { loadInstance, type Instance } from './sigstore/instance.js'
import { quote } from './util/format.js'
import type { TrustMaterial } from '@sigstore/verify'
import { trustMaterialFrom } from './verify/bundle.js'
import { checkIssuedCertificate } from './verify/certificate.js'
import { knownFiles, signedFiles } from './verify/published-files.js'
import { afterPublishError, checkPublished, type AfterPublish } from './verify/published.js'
import { selfVerifier, type SelfVerifier } from './verify/self.js'
import { verifySigned } from './verify/stage.js'

export interface RunnerEnv extends EventContext {
  repository: string
  apiUrl: string
  serverUrl: string
  workspace: string
  runnerTemp: string
  /** Whether the job may request an OIDC token (it has `id-token: write`). */
  canRequestIdToken: boolean
  /** GITHUB_TRIGGERING_ACTOR: who started this run attempt (a re-run's, not the first run's). */
  triggeringActor: string
  /**
   * Where GitHub's TUF repository is read from (SIGN_RELEASE_GITHUB_TUF_MIRROR and _ROOT) for
   * GitHub's trusted root, when the run signs elsewhere: https://tuf-repo.github.com by default.
   */
  githubTuf?: { mirror: string; root?: string }
}

/** How long the run's OIDC token must stay valid to be sent to Fulcio again rather than renewed. */
const TOKEN_MARGIN_MS = 2 * 60_000

export interface Deps {
  log: Log
  getIdToken(audience: string): Promise<string>
}

export interface RunResult {
  plan: Plan
  /** The origin policy that was enforced, in words (absent without a token). */
  policy?: string[]
  identity?: Identity
  instance: Instance
  /** Bundles by subject name; empty on a dry run. */
  bundles: Map<string, SerializedBundle>
  bundleDir: string
  bundlePaths: string[]
  provenancePath?: string
  attestation?: StoredAttestation
  /** What the authorisation statement records (with `authorization: environment`). */
  authorization?: AuthorizationPredicate
  published: boolean
  /** With `publish: true`: what downloaders get, checked once the release is public. */
  afterPublish?: AfterPublish
}

/** Who signs: the run's OIDC token, its identity, and a verifier for exactly that identity. */
interface Signer {
  token: string
  identity: Identity
  verifier: SelfVerifier
}

/** A run planned and checked, nothing written yet. Without a token (a dry run) there is no signer. */
interface Prepared {
  client: Client
  github: GitHubRepo
  plan: Plan
  instance: Instance
  signer?: Signer
  policy?: string[]
  authorization?: AuthorizationPredicate
  bundleDir: string
}

/** The error a run ends with when the published release does not verify for downloaders. */
export function afterPublishFailure(result: RunResult): UserError | undefined {
  const check = result.afterPublish
  return check && !check.ok ? afterPublishError(result.plan.release.tagName, check) : undefined
}

export async function signRelease(inputs: Inputs, env: RunnerEnv, deps: Deps): Promise<RunResult> {
  if (!env.canRequestIdToken && !inputs.dryRun) throw missingIdToken()
  const prepared = await prepare(inputs, env, deps)
  if (inputs.dryRun) {
    logDryRun(prepared.plan, deps.log)
    return { ...resultOf(prepared), bundles: new Map(), bundlePaths: [], published: false }
  }
  if (!prepared.signer) throw missingIdToken()
  return signAndPublish(prepared, prepared.signer, inputs, env, deps)
}

async function prepare(inputs: Inputs, env: RunnerEnv, deps: Deps): Promise<Prepared> {
  const { log } = deps
  const client = createOctokit({ token: inputs.githubToken, apiUrl: env.apiUrl, log })
  const github = connectRepository(client.octokit, repoRef(env.repository))
  // Everything local is checked before the first remote call: files, the SBOM, and a custom
  // instance's trust material (an instance from TUF needs the network, and `auto` the token).
  const local = await readLocalInputs(inputs, env.workspace)
  const custom =
    inputs.sigstore === 'custom' ? await chooseInstance(inputs, env, customOnly(log)) : undefined

  const token = env.canRequestIdToken ? await deps.getIdToken('sigstore') : undefined
  const identity = token ? identityFromToken(token, env.serverUrl) : undefined
  if (identity) log.info(`Signing identity: ${identity.san} (issuer ${identity.issuer})`)
  const policy = identity ? enforceOrigin(identity, inputs.policy) : undefined
  if (policy) log.info(`Origin policy: ${policy.join('; ')}`)
  const visibility = async (): Promise<string> =>
    identity?.repositoryVisibility ?? (await github.repository.get()).visibility
  await refusePrivateOnPublicLog(inputs, github.slug, visibility)

  const instance = custom ?? (await chooseInstance(inputs, env, { log, visibility }))
  const signer: Signer | undefined =
    token && identity
      ? {
          token,
          identity,
          verifier: selfVerifier(
            trustMaterialFrom(instance.trustedRoot),
            {
              san: identity.san,
              issuer: identity.issuer,
              sourceRepositoryUri: repositoryUrl(env.serverUrl, identity.repository)
            },
            instance.rekorUrl !== undefined
          )
        }
      : undefined

  let authorization: AuthorizationPredicate | undefined
  const plan = await planRun({
    github,
    inputs,
    event: env,
    local,
    repositoryUrl: repositoryUrl(env.serverUrl, github.slug),
    read: existingReader(github.assets),
    verifier: signer && existingVerifier(signer.verifier),
    authorize: async (release) => {
      authorization = await authorize(inputs, env, github, release, signer?.identity, log)
      return authorization
    },
    log
  })
  const bundleDir = join(env.runnerTemp, 'sign-release', String(plan.release.id))
  return { client, github, plan, instance, signer, policy, authorization, bundleDir }
}

/** Reads and checks the release's authorisation once the release is known (./plan/authorization.ts). */
async function authorize(
  inputs: Inputs,
  env: RunnerEnv,
  github: GitHubRepo,
  release: Release,
  identity: Identity | undefined,
  log: Log
): Promise<AuthorizationPredicate | undefined> {
  if (!identity) {
    // A dry run without a token: there are no claims to say which run and environment this is.
    if (inputs.authorization !== 'none' || inputs.requireSignedTag)
      log.info('Dry run without an OIDC token: the authorisation is not checked')
    return undefined
  }
  return readAuthorization({
    mode: inputs.authorization,
    requireSignedTag: inputs.requireSignedTag,
    tagName: release.tagName,
    client: github.authorization,
    run: {
      environment: identity.environment,
      runId: identity.runId,
      runAttempt: identity.runAttempt,
      actor: identity.actor,
      triggeringActor: env.triggeringActor || identity.actor,
      workflowRef: identity.workflowRef,
      jobWorkflowRef: identity.jobWorkflowRef
    }
  })
}

async function signAndPublish(
  prepared: Prepared,
  signer: Signer,
  inputs: Inputs,
  env: RunnerEnv,
  deps: Deps
): Promise<RunResult> {
  const { log } = deps
  const { github, plan, instance } = prepared
  const { identity, verifier } = signer
  prepared.client.paceWrites(plan.budget.contentRequests)

  // Each subject's sidecars go up as soon as its bundle verifies, while the rest are signed.
  const uploads = startUploads({ github, plan, log })
  const signed = await log.group('Signing and uploading', async () => {
    try {
      const signed = await signPlan({
        plan,
        instance,
        // The token the identity came from, unless hashing took long enough to bring it near its
        // expiry (GitHub's last minutes): one request to the runner's token service fewer.
        getToken: () =>
          validFor(signer.token, TOKEN_MARGIN_MS)
            ? Promise.resolve(signer.token)
            : deps.getIdToken('sigstore'),
        checkCertificate: (pem) => checkIssuedCertificate(pem, instance.trustedRoot, identity),
        verify: (name, bundle, sha256) => verifier.verify(name, bundle, sha256),
        onSigned: (name, bundle) => uploads.signed(name, bundle),
        provenanceIssuer: instance.name === 'custom' ? identity.issuer : undefined,
        serverUrl: env.serverUrl,
        log
      })
      // A bundle that does not verify is never uploaded.
      verifySigned(plan, signed, verifier, log)
      await uploads.finish(signed)
      return signed
    } catch (error) {
      await uploads.abandon()
      throw error
    }
  })
  const files = await writeBundleFiles(prepared.bundleDir, signed)
  const { attestation, published } = await publishPlan({
    github,
    plan,
    signed,
    attestations: inputs.attestations,
    publishDraft: inputs.publish,
    serverUrl: env.serverUrl,
    log
  })
  const afterPublish =
    inputs.publish && (published || !plan.release.draft)
      ? await log.group('Checking what downloaders get', () =>
          checkPublished({
            github,
            releaseId: plan.release.id,
            signed: signedFiles(plan, signed),
            known: knownFiles(plan),
            publicDownloads: identity.repositoryVisibility === 'public',
            verifier,
            githubTrust: () => githubTrust(instance, env),
            log
          })
        )
      : undefined
  return {
    ...resultOf(prepared),
    bundles: signed.bundles,
    ...files,
    attestation,
    published,
    afterPublish
  }
}

function resultOf(
  prepared: Prepared
): Pick<RunResult, 'plan' | 'policy' | 'identity' | 'instance' | 'bundleDir' | 'authorization'> {
  const { plan, policy, instance, bundleDir, authorization } = prepared
  return { plan, policy, identity: prepared.signer?.identity, instance, bundleDir, authorization }
}

/** GitHub's trust material, which signs release attestations: from TUF unless the run signed there. */
async function githubTrust(instance: Instance, env: RunnerEnv): Promise<TrustMaterial> {
  if (instance.name === 'github') return trustMaterialFrom(instance.trustedRoot)
  const github = await loadInstance({
    name: 'github',
    serverUrl: env.serverUrl,
    tufMirror: env.githubTuf?.mirror,
    tufRoot: env.githubTuf?.root,
    cacheDir: join(env.runnerTemp, 'sign-release-tuf')
  })
  return trustMaterialFrom(github.trustedRoot)
}

/** A custom instance is chosen by the inputs alone: it never asks for the repository's visibility. */
function customOnly(log: Log): Parameters<typeof chooseInstance>[2] {
  return {
    log,
    visibility: () => Promise.reject(new Error('a custom instance does not depend on visibility'))
  }
}

function repoRef(repository: string): { owner: string; repo: string } {
  const ref = splitRepository(repository)
  if (!ref)
    throw new UserError('RUNNER_ENV', `GITHUB_REPOSITORY ${quote(repository)} is not owner/repo`)
  return ref
}

function missingIdToken(): UserError {
  return new UserError(
    'PERMISSION',
    'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): it lacks the id-token: write permission',
    'add to the job:\n  permissions:\n    contents: write\n    id-token: write'
  )
}
