/**
 * One run: inputs -> plan -> sign -> verify -> publish. Each stage takes typed input and returns
 * typed output; nothing here talks to @actions/core (run() does), so the whole flow runs anywhere.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from './errors.js'
import { AuthorizationClient } from './github/authorization.js'
import { createOctokit } from './github/octokit.js'
import { ReleaseClient, type Asset } from './github/releases.js'
import { identityFromToken, repositoryUrl, splitRepository, type Identity } from './identity.js'
import type { Inputs } from './inputs.js'
import type { Log } from './log.js'
import { readAuthorization, type AuthorizationPredicate } from './plan/authorization.js'
import { planRun, type ExistingVerifier, type Plan } from './plan/index.js'
import { signedSubjects } from './plan/signed-subjects.js'
import type { EventContext } from './plan/release.js'
import type { StoredAttestation } from './publish/attestation.js'
import { publishPlan } from './publish/index.js'
import { signPlan, type Signed } from './sign/index.js'
import { enforceOrigin } from './policy.js'
import { chooseInstance } from './sigstore/choose.js'
import { readLocalInputs } from './plan/local.js'
import { loadInstance, type Instance } from './sigstore/instance.js'
import { quote } from './util/format.js'
import { readAll, TooLargeError } from './util/stream.js'
import { firstBundle } from './plan/ownership.js'
import { trustMaterialFrom } from './verify/bundle.js'
import { checkIssuedCertificate } from './verify/certificate.js'
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

/** The error a run ends with when the published release does not verify for downloaders. */
export function afterPublishFailure(result: RunResult): UserError | undefined {
  const check = result.afterPublish
  return check && !check.ok ? afterPublishError(result.plan.release.tagName, check) : undefined
}

/** Existing files are read only when small: sidecars and provenance, never assets. */
const EXISTING_LIMIT = 16 * 1024 * 1024

export async function signRelease(inputs: Inputs, env: RunnerEnv, deps: Deps): Promise<RunResult> {
  const { log } = deps
  if (!env.canRequestIdToken && !inputs.dryRun) throw missingIdToken()
  const github = createOctokit({ token: inputs.githubToken, apiUrl: env.apiUrl, log })
  const client = new ReleaseClient(github.octokit, repoRef(env.repository))
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
  await refusePrivateOnPublicLog(inputs, identity, client)

  const instance =
    custom ??
    (await chooseInstance(inputs, env, {
      log,
      visibility: async () =>
        identity?.repositoryVisibility ?? (await client.getRepository()).visibility
    }))
  const verifier = identity
    ? selfVerifier(
        trustMaterialFrom(instance.trustedRoot),
        {
          san: identity.san,
          issuer: identity.issuer,
          sourceRepositoryUri: repositoryUrl(env.serverUrl, identity.repository)
        },
        instance.rekorUrl !== undefined
      )
    : undefined

  const approvals = new AuthorizationClient(github.octokit, client.ref)
  let authorization: AuthorizationPredicate | undefined
  const plan = await planRun({
    client,
    inputs,
    event: env,
    local,
    repositoryUrl: repositoryUrl(env.serverUrl, client.slug()),
    read: existingReader(client),
    verifier: verifier && existingVerifier(verifier),
    authorize: async (release) => {
      if (!identity) {
        // A dry run without a token: there are no claims to say which run and environment this is.
        if (inputs.authorization !== 'none' || inputs.requireSignedTag)
          log.info('Dry run without an OIDC token: the authorisation is not checked')
        return undefined
      }
      authorization = await readAuthorization({
        mode: inputs.authorization,
        requireSignedTag: inputs.requireSignedTag,
        tagName: release.tagName,
        client: approvals,
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
      return authorization
    },
    log
  })
  const bundleDir = join(env.runnerTemp, 'sign-release', String(plan.release.id))
  if (inputs.dryRun) {
    logPlan(plan, log)
    return {
      plan,
      policy,
      identity,
      instance,
      bundles: new Map(),
      bundleDir,
      bundlePaths: [],
      authorization,
      published: false
    }
  }
  if (!identity || !token || !verifier) throw missingIdToken()
  github.paceWrites(plan.budget.contentRequests)

  const signed = await log.group('Signing', () =>
    signPlan({
      plan,
      instance,
      getToken: () => deps.getIdToken('sigstore'),
      checkCertificate: (pem) => checkIssuedCertificate(pem, instance.trustedRoot, identity),
      verify: (name, bundle, sha256) => verifier.verify(name, bundle, sha256),
      provenanceIssuer: instance.name === 'custom' ? identity.issuer : undefined,
      serverUrl: env.serverUrl,
      log
    })
  )
  // A bundle that does not verify is never uploaded.
  verifySigned(plan, signed, verifier, log)
  const { bundlePaths, provenancePath } = await writeBundles(bundleDir, signed)
  const { attestation, published } = await publishPlan({
    client,
    plan,
    signed,
    attestations: inputs.attestations,
    publish: inputs.publish,
    serverUrl: env.serverUrl,
    log
  })
  const afterPublish =
    inputs.publish && (published || !plan.release.draft)
      ? await log.group('Checking what downloaders get', () =>
          checkPublished({
            client,
            releaseId: plan.release.id,
            signed: signedFiles(plan, signed),
            known: knownFiles(plan),
            publicDownloads: identity.repositoryVisibility === 'public',
            verifier,
            githubTrust: async () =>
              trustMaterialFrom(
                instance.name === 'github'
                  ? instance.trustedRoot
                  : (
                      await loadInstance({
                        name: 'github',
                        serverUrl: env.serverUrl,
                        tufMirror: env.githubTuf?.mirror,
                        tufRoot: env.githubTuf?.root,
                        cacheDir: join(env.runnerTemp, 'sign-release-tuf')
                      })
                    ).trustedRoot
              ),
            log
          })
        )
      : undefined
  return {
    plan,
    policy,
    identity,
    instance,
    bundles: signed.bundles,
    bundleDir,
    bundlePaths,
    provenancePath,
    attestation,
    authorization,
    published,
    afterPublish
  }
}

/** A custom instance is chosen by the inputs alone: it never asks for the repository's visibility. */
function customOnly(log: Log): Parameters<typeof chooseInstance>[2] {
  return {
    log,
    visibility: () => Promise.reject(new Error('a custom instance does not depend on visibility'))
  }
}

function signedFiles(
  plan: Plan,
  signed: Signed
): { name: string; sha256: string; bundle: SerializedBundle }[] {
  return signedSubjects(plan).map((p) => {
    const bundle = signed.bundles.get(p.subject.name)
    if (!bundle) throw new Error(`no bundle for '${p.subject.name}'`)
    return { name: p.subject.name, sha256: p.subject.sha256, bundle }
  })
}

/** The files the run knew of: on the release before it, and its own sidecars and statements. */
function knownFiles(plan: Plan): Set<string> {
  return new Set([
    ...plan.assets.map((a) => a.name),
    ...signedSubjects(plan).flatMap((p) => p.sidecars.map((s) => s.name)),
    ...plan.statements.map((st) => st.file.name)
  ])
}

/** Reads small files on the release once each: ownership and reuse checks share the bytes. */
function existingReader(client: ReleaseClient): (asset: Asset) => Promise<Buffer> {
  const cache = new Map<number, Promise<Buffer>>()
  return (asset) => {
    let bytes = cache.get(asset.id)
    if (!bytes) {
      bytes =
        asset.size > EXISTING_LIMIT
          ? Promise.reject(new TooLargeError(EXISTING_LIMIT))
          : client.readAsset(asset, (stream) => readAll(stream, EXISTING_LIMIT))
      cache.set(asset.id, bytes)
    }
    return bytes
  }
}

function existingVerifier(verifier: SelfVerifier): ExistingVerifier {
  return {
    verify: (bundle, sha256) => verifier.verify('existing bundle', bundle, sha256),
    statementOf: (content) => {
      const bundle = firstBundle(content)
      if (!bundle) throw new Error('not a Sigstore bundle')
      return verifier.verifyStatement('the file on the release', bundle)
    }
  }
}

async function writeBundles(
  dir: string,
  signed: Signed
): Promise<{ bundlePaths: string[]; provenancePath?: string }> {
  await mkdir(dir, { recursive: true })
  const bundlePaths: string[] = []
  for (const [name, bundle] of signed.bundles) {
    const path = join(dir, `${name}.sigstore.json`)
    await writeFile(path, JSON.stringify(bundle))
    bundlePaths.push(path)
  }
  let provenancePath: string | undefined
  for (const st of signed.statements) {
    const path = join(dir, st.name)
    await writeFile(path, JSON.stringify(st.bundle) + '\n')
    if (st.kind === 'provenance') provenancePath = path
  }
  return { bundlePaths, provenancePath }
}

function logPlan(plan: Plan, log: Log): void {
  log.info('Dry run: nothing is written. The plan:')
  for (const p of signedSubjects(plan)) {
    const files = p.sidecars.map((s) => `${s.name} (${s.action})`).join(', ')
    log.info(`  ${p.subject.name}: sha256 ${p.subject.sha256}; ${files || 'no sidecars'}`)
  }
  if (plan.checksums) log.info(`  ${plan.checksums.file.name} (${plan.checksums.file.action})`)
  for (const st of plan.statements) log.info(`  ${st.file.name} (${st.file.action})`)
}

function repoRef(repository: string): { owner: string; repo: string } {
  const ref = splitRepository(repository)
  if (!ref)
    throw new UserError('RUNNER_ENV', `GITHUB_REPOSITORY ${quote(repository)} is not owner/repo`)
  return ref
}

async function refusePrivateOnPublicLog(
  inputs: Inputs,
  identity: Identity | undefined,
  client: ReleaseClient
): Promise<void> {
  if (inputs.sigstore !== 'public-good' || inputs.privateRepository) return
  const visibility = identity?.repositoryVisibility ?? (await client.getRepository()).visibility
  if (visibility === 'public') return
  throw new UserError(
    'INPUT_CONFLICT',
    `${client.slug()} is ${visibility}: signing on the public-good instance writes its name and workflow into public logs`,
    "set 'private-repository: true' to accept that, or use your own instance with 'sigstore: custom'"
  )
}

function missingIdToken(): UserError {
  return new UserError(
    'PERMISSION',
    'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): it lacks the id-token: write permission',
    'add to the job:\n  permissions:\n    contents: write\n    id-token: write'
  )
}
