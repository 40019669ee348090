/**
 * The flow of one run: plan, sign, verify, publish. Every stage takes typed input and returns typed
 * output; nothing here talks to @actions/core (run() does), so the whole flow runs anywhere.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SerializedBundle } from '@sigstore/bundle'
import { UserError } from './errors.js'
import { createOctokit } from './github/octokit.js'
import { ReleaseClient, type Asset, type Release } from './github/releases.js'
import { identityFromToken, type Identity } from './identity.js'
import type { Inputs } from './inputs.js'
import type { Log } from './log.js'
import { checkBudget, type Budget } from './plan/budget.js'
import { SIDECAR_CONTENT_TYPE } from './plan/names.js'
import { reconcile, type SubjectPlan } from './plan/reconcile.js'
import { releaseTarget, resolveRelease, type EventContext } from './plan/release.js'
import { localFiles, selectSubjects } from './plan/subjects.js'
import { putFile, putLocalFile, requestsFor } from './publish/upload.js'
import type { SignedAsset } from './report/summary.js'
import { hashSubjects, type HashedSubject } from './sign/hash.js'
import { signDigests, startSigning } from './sign/index.js'
import { sidecarContent } from './sign/sidecars.js'
import { loadInstance, type Instance } from './sigstore/instance.js'
import { mapLimit } from './util/pool.js'
import { trustMaterialFrom } from './verify/bundle.js'
import { selfVerifier } from './verify/self.js'
import { readAll } from './util/stream.js'

export interface RunnerEnv extends EventContext {
  repository: string
  apiUrl: string
  serverUrl: string
  workspace: string
  runnerTemp: string
  /** Whether the job may request an OIDC token (it has `id-token: write`). */
  canRequestIdToken: boolean
}

export interface Deps {
  log: Log
  getIdToken(audience: string): Promise<string>
}

export interface RunResult {
  release: Release
  identity?: Identity
  instance: Instance
  assets: SignedAsset[]
  skipped: { name: string; reason: string }[]
  budget: Budget
  bundleDir: string
  bundlePaths: string[]
  published: boolean
}

const CONCURRENCY = { hash: 2, read: 4, sign: 8, upload: 4 }

export async function signRelease(inputs: Inputs, env: RunnerEnv, deps: Deps): Promise<RunResult> {
  const { log } = deps
  if (!env.canRequestIdToken && !inputs.dryRun) throw missingIdToken()
  const [owner, repo] = env.repository.split('/')
  if (!owner || !repo)
    throw new UserError(`GITHUB_REPOSITORY '${env.repository}' is not owner/repo`)
  const client = new ReleaseClient(
    createOctokit({ token: inputs.githubToken, apiUrl: env.apiUrl, log }),
    { owner, repo }
  )

  const release = await resolveRelease(client, releaseTarget(inputs, env))
  log.info(
    `Release ${release.tagName} (id ${release.id}${release.draft ? ', draft' : ''}): ${release.htmlUrl}`
  )

  const token = env.canRequestIdToken ? await deps.getIdToken('sigstore') : undefined
  const identity = token ? identityFromToken(token, env.serverUrl) : undefined
  if (identity) log.info(`Signing identity: ${identity.san} (issuer ${identity.issuer})`)
  await refusePrivateOnPublicLog(inputs, identity, client)

  const instance = await loadInstance({
    name: inputs.sigstore,
    signingConfig: inputs.signingConfig,
    trustedRoot: inputs.trustedRoot,
    cacheDir: join(env.runnerTemp, 'sign-release-tuf')
  })
  log.info(
    `Sigstore: ${instance.name} (Fulcio ${instance.fulcioUrl}${instance.rekorUrl ? `, Rekor ${instance.rekorUrl}` : ''}${instance.tsaUrl ? `, TSA ${instance.tsaUrl}` : ''})`
  )
  const verifier = identity
    ? selfVerifier(
        trustMaterialFrom(instance.trustedRoot),
        { san: identity.san, issuer: identity.issuer },
        instance.rekorUrl !== undefined
      )
    : undefined

  const assets = await client.listAssets(release.id)
  const files = await localFiles(inputs.files, env.workspace)
  const { subjects, skipped } = selectSubjects(assets, files, inputs.assets, releaseFiles(inputs))
  for (const s of skipped) log.warning(`Not signing '${s.name}': ${s.reason}`)
  if (subjects.length === 0) {
    throw new UserError(
      `No asset of release ${release.tagName} matches 'assets: ${inputs.assets.join(', ')}' (the release has ${assets.length}: ${assets.map((a) => a.name).join(', ') || 'none'})`,
      "upload the assets before this step, fix the 'assets' globs, or pass local 'files'"
    )
  }

  const hashed = await log.group(
    `Hashing ${subjects.length} subject${subjects.length === 1 ? '' : 's'}`,
    () => hashSubjects(subjects, client, log, CONCURRENCY.hash)
  )
  const byName = new Map(assets.map((a) => [a.name, a]))
  const reader = verifier
    ? {
        read: async (asset: Asset) =>
          readAll(await client.downloadAsset(asset.id), 16 * 1024 * 1024),
        verify: (bundle: SerializedBundle, sha256: string) =>
          verifier.verify('existing bundle', bundle, sha256)
      }
    : undefined
  const plans = await mapLimit(hashed, CONCURRENCY.read, (s) =>
    reconcile(s, inputs.sidecars, byName, inputs.onExisting, reader)
  )
  for (const p of plans)
    if (p.staleReason)
      log.info(`${p.subject.name}: the bundle on the release is replaced (${p.staleReason})`)

  const budget = budgetFor(assets.length, hashed, plans, inputs.publish)
  log.info(
    `Plan: ${plans.filter((p) => !p.reuse).length} to sign, ${plans.filter((p) => p.reuse).length} already signed; ` +
      `${budget.newAssets} new assets (${budget.assetsAfter} of 1000 after), ${budget.contentRequests} content-creating requests`
  )
  const bundleDir = join(env.runnerTemp, 'sign-release', String(release.id))
  if (inputs.dryRun) {
    for (const p of plans) {
      log.info(
        `${p.subject.name}: ${p.sidecars.map((s) => `${s.name} (${s.action})`).join(', ') || 'no sidecars'}`
      )
    }
    return {
      release,
      identity,
      instance,
      assets: toSignedAssets(plans, new Map()),
      skipped,
      budget,
      bundleDir,
      bundlePaths: [],
      published: false
    }
  }
  if (!identity || !token || !verifier) throw missingIdToken()

  await log.group('Uploading local files', () =>
    mapLimit(
      hashed.filter((s) => s.kind === 'file' && s.existing?.state !== 'uploaded'),
      CONCURRENCY.upload,
      async (s) => {
        if (s.kind !== 'file') return
        const asset = await putLocalFile(client, release, {
          name: s.name,
          body: { path: s.path, size: s.size },
          contentType: 'application/octet-stream',
          replace: s.existing,
          sha256: s.sha256
        })
        if (asset.digest && asset.digest !== s.sha256) {
          throw new UserError(
            `GitHub stored '${asset.name}' with SHA-256 ${asset.digest}, not the ${s.sha256} read locally`
          )
        }
        log.info(`Uploaded ${s.path} as ${asset.name}`)
      }
    )
  )

  const toSign = plans.filter((p) => !p.reuse)
  const bundles = new Map<string, SerializedBundle>()
  for (const p of plans) if (p.reuse) bundles.set(p.subject.name, p.reuse)
  if (toSign.length > 0) {
    const signed = await log.group(
      `Signing ${toSign.length} asset${toSign.length === 1 ? '' : 's'}`,
      async () => {
        const context = await startSigning(instance, token)
        log.info(`Fulcio issued one certificate for ${identity.san}`)
        return signDigests(
          context,
          toSign.map((p) => ({ name: p.subject.name, sha256: p.subject.sha256 })),
          log,
          CONCURRENCY.sign
        )
      }
    )
    for (const [name, bundle] of signed) bundles.set(name, bundle)
  }

  // A bundle that does not verify is never uploaded.
  for (const p of plans)
    verifier.verify(p.subject.name, requireBundle(bundles, p.subject.name), p.subject.sha256)
  log.info(
    `Verified ${plans.length} bundle${plans.length === 1 ? '' : 's'} against ${identity.san}`
  )

  await mkdir(bundleDir, { recursive: true })
  const bundlePaths = await Promise.all(
    plans.map(async (p) => {
      const path = join(bundleDir, `${p.subject.name}.sigstore.json`)
      await writeFile(path, JSON.stringify(requireBundle(bundles, p.subject.name)))
      return path
    })
  )

  await log.group('Uploading signatures', () =>
    uploadSidecars(client, release, plans, bundles, log)
  )

  let published = false
  if (inputs.publish && release.draft) {
    await client.publishRelease(release.id)
    published = true
    log.info(`Published release ${release.tagName}`)
  }
  return {
    release,
    identity,
    instance,
    assets: toSignedAssets(plans, bundles),
    skipped,
    budget,
    bundleDir,
    bundlePaths,
    published
  }
}

async function uploadSidecars(
  client: ReleaseClient,
  release: Release,
  plans: SubjectPlan[],
  bundles: Map<string, SerializedBundle>,
  log: Log
): Promise<void> {
  const jobs = plans.flatMap((p) =>
    p.sidecars.filter((s) => s.action !== 'keep').map((s) => ({ plan: p, sidecar: s }))
  )
  await mapLimit(jobs, CONCURRENCY.upload, async ({ plan, sidecar }) => {
    const bundle = requireBundle(bundles, plan.subject.name)
    await putFile(client, release, {
      name: sidecar.name,
      body: { buffer: sidecarContent(bundle, sidecar.kind) },
      contentType: SIDECAR_CONTENT_TYPE[sidecar.kind],
      replace: sidecar.existing,
      staleTemp: sidecar.staleTemp
    })
    log.info(`${sidecar.action === 'replace' ? 'Replaced' : 'Uploaded'} ${sidecar.name}`)
  })
  if (jobs.length === 0) log.info('Every sidecar was already on the release and valid')
}

function budgetFor(
  existing: number,
  hashed: HashedSubject[],
  plans: SubjectPlan[],
  publish: boolean
): Budget {
  const newFiles = hashed.filter((s) => s.kind === 'file' && s.existing === undefined).length
  const fileRequests = hashed.filter(
    (s) => s.kind === 'file' && s.existing?.state !== 'uploaded'
  ).length
  const sidecars = plans.flatMap((p) => p.sidecars).filter((s) => s.action !== 'keep')
  const newSidecars = sidecars.filter((s) => s.action === 'upload').length
  const staleTemps = sidecars.filter((s) => s.staleTemp).length
  return checkBudget({
    existingAssets: existing,
    newAssets: newFiles + newSidecars - staleTemps,
    contentRequests:
      fileRequests +
      sidecars.reduce(
        (n, s) => n + requestsFor({ replace: s.existing, staleTemp: s.staleTemp }),
        0
      ) +
      (publish ? 1 : 0)
  })
}

function toSignedAssets(
  plans: SubjectPlan[],
  bundles: Map<string, SerializedBundle>
): SignedAsset[] {
  return plans.map((p) => ({
    name: p.subject.name,
    sha256: p.subject.sha256,
    size: p.subject.size,
    sidecars: p.sidecars.map((s) => s.name),
    logIndex: bundles.get(p.subject.name)?.verificationMaterial.tlogEntries[0]?.logIndex,
    reused: p.reuse !== undefined
  }))
}

function requireBundle(bundles: Map<string, SerializedBundle>, name: string): SerializedBundle {
  const bundle = bundles.get(name)
  if (!bundle) throw new Error(`no bundle for '${name}'`)
  return bundle
}

function releaseFiles(inputs: Inputs): string[] {
  return [
    ...(inputs.provenance ? [inputs.provenanceName] : []),
    ...(inputs.checksums ? [inputs.checksums] : [])
  ]
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
    `${client.slug()} is ${visibility}: signing on the public-good instance writes its name and workflow into public logs`,
    "set 'private-repository: true' to accept that, or use your own instance with 'sigstore: custom'"
  )
}

function missingIdToken(): UserError {
  return new UserError(
    'The job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): it lacks the id-token: write permission',
    'add to the job:\n  permissions:\n    contents: write\n    id-token: write'
  )
}
