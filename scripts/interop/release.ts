/**
 * The interop suite's subject: a sandbox release signed by `node dist/index.js`, downloaded into a
 * directory as a user would get it, with the trust material each verifier takes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox/index.js'
import { jobWorkflowRef, type WorkflowContext } from '../../sandbox/oidc/context.js'
import { GitHubHelper } from '../../sandbox/releases-client.js'
import { errorsOf, runAction } from '../../sandbox/runner.js'

export interface SignedRelease {
  sandbox: Sandbox
  /** Where the release's files were downloaded, next to trust material and tampered copies. */
  dir: string
  context: WorkflowContext
  /** The release's tag, and the names of the files on it (downloaded into `dir`). */
  tag: string
  files: string[]
  /** The certificate identity (SAN) and issuer the action signed with. */
  san: string
  issuer: string
  /** Repository-relative path of the signer workflow, as `gh --signer-workflow` takes it. */
  signerWorkflow: string
  /** The job summary the action wrote, with its copy-paste verification commands. */
  summary: string
  file(name: string): string
  /** Runs the action again on the release, with the same inputs. */
  rerun(): ReturnType<typeof runAction>
}

/** The assets every run signs; GitHub stores the first as `tool.linux.tar.gz`. */
export const ASSETS: Record<string, string> = {
  'tool linux.tar.gz': 'the tool, built\n',
  'other.zip': 'another asset\n'
}

const SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [{ type: 'library', name: 'left-pad', version: '1.3.0' }]
}

export interface SignOptions {
  oidcIssuer?: string
  provenance: boolean
  /** Also attest a CycloneDX SBOM (sbom.intoto.jsonl). */
  sbom?: boolean
  /** Sign on an instance without a transparency log (as GitHub's own): Fulcio and the TSA. */
  noLog?: boolean
  context?: Partial<WorkflowContext>
  /** Another instance's trust (the real servers'): the signing config and trusted root to use. */
  trust?: Trust
  /** More inputs for the action (`rekor-version`). */
  inputs?: Record<string, string>
  /** The release's tag, v1.0.0 by default: a second release on one sandbox needs another. */
  tag?: string
  /** Sign a warm-up release first (default): it takes the log's index 0. */
  warmUp?: boolean
  /**
   * Sign a private repository's release on the sandbox's GitHub-like instance (`sigstore: github`,
   * its trust through its TUF repository): its own CA, certificates without SCTs, no log.
   */
  githubInstance?: boolean
}

export interface Trust {
  signingConfig: string
  trustedRoot: string
}

/**
 * Starts a sandbox (tokens naming `oidcIssuer` when given), signs a release of ASSETS and downloads
 * everything into `dir`, plus `tampered.tar.gz` (the first asset with one byte changed).
 */
export async function signedRelease(dir: string, options: SignOptions): Promise<SignedRelease> {
  const sandbox = await startSandbox({ oidcIssuer: options.oidcIssuer, context: options.context })
  try {
    return await signOnSandbox(sandbox, dir, options)
  } catch (error) {
    await sandbox.close()
    throw error
  }
}

/** signedRelease on a running sandbox, which the caller closes. */
export async function signOnSandbox(
  sandbox: Sandbox,
  dir: string,
  options: SignOptions
): Promise<SignedRelease> {
  const gh = new GitHubHelper(sandbox)
  const trust = options.noLog ? await withoutLog(sandbox, options.trust) : options.trust
  const trustInputs: Record<string, string> = trust
    ? { 'signing-config': trust.signingConfig, 'trusted-root': trust.trustedRoot }
    : {}
  if (options.warmUp !== false) {
    // A first run takes the log's index 0: protobuf JSON leaves a zero logIndex out of a bundle
    // and sigstore-python then refuses the bundle as malformed. Production logs are far past 0.
    const warmUp = await gh.createRelease('v0.0.1')
    await gh.upload(warmUp, 'warm-up.txt', 'log index 0\n')
    await expectSuccess(
      runAction(sandbox, {
        'release-id': String(warmUp.id),
        provenance: 'false',
        checksums: '',
        ...trustInputs,
        ...options.inputs
      })
    )
  }
  if (options.githubInstance) await sandbox.setContext({ visibility: 'private' })
  const release = await gh.createRelease(options.tag ?? 'v1.0.0')
  for (const [name, content] of Object.entries(ASSETS)) await gh.upload(release, name, content)
  if (options.sbom)
    await writeFile(join(sandbox.env.GITHUB_WORKSPACE ?? '', 'bom.cdx.json'), JSON.stringify(SBOM))
  const inputs = {
    'release-id': String(release.id),
    provenance: String(options.provenance),
    checksums: 'SHA256SUMS',
    ...(options.sbom ? { sbom: 'bom.cdx.json' } : {}),
    ...trustInputs,
    ...(options.githubInstance ? githubInstance(sandbox) : {}),
    ...options.inputs
  }
  const { summary } = await expectSuccess(runAction(sandbox, inputs))
  await mkdir(dir, { recursive: true })
  const files = await gh.assets(release.id)
  for (const asset of files) await writeFile(join(dir, asset.name), await gh.download(asset))
  await writeFile(join(dir, 'tampered.tar.gz'), flipLastByte(ASSETS['tool linux.tar.gz'] ?? ''))
  await writeTrustMaterial(
    sandbox,
    dir,
    trust ?? (options.githubInstance ? { trustedRoot: await githubRoot(sandbox) } : undefined)
  )
  const c = sandbox.state.context
  return {
    sandbox,
    dir,
    context: c,
    tag: release.tag_name,
    files: files.map((asset) => asset.name),
    // The job's workflow: the reusable one when the caller runs it.
    san: `https://github.com/${jobWorkflowRef(c)}`,
    issuer: sandbox.state.oidc.issuer,
    signerWorkflow: jobWorkflowRef(c).split('@')[0] ?? '',
    summary,
    file: (name) => join(dir, name),
    rerun: () => runAction(sandbox, inputs)
  }
}

/** `sigstore: github` with the sandbox's GitHub-like TUF repository in place of GitHub's. */
function githubInstance(sandbox: Sandbox): Record<string, string> {
  return {
    sigstore: 'github',
    'signing-config': '',
    'trusted-root': '',
    'tuf-mirror': sandbox.state.tuf.github.mirror,
    'tuf-root': sandbox.state.tuf.github.rootPath
  }
}

/** The GitHub-like instance's trusted root (what its TUF repository serves), as a file. */
async function githubRoot(sandbox: Sandbox): Promise<string> {
  const path = join(sandbox.dir, 'github-trusted-root.json')
  await writeFile(path, JSON.stringify(sandbox.sigstore.githubTrustedRoot()))
  return path
}

/** The signing config and trusted root (the sandbox's by default) with the transparency log left out. */
async function withoutLog(
  sandbox: Sandbox,
  base: Trust = {
    signingConfig: sandbox.state.sigstore.signingConfigPath,
    trustedRoot: sandbox.state.sigstore.trustedRootPath
  }
): Promise<Trust> {
  const config = JSON.parse(await readFile(base.signingConfig, 'utf8')) as {
    rekorTlogUrls: unknown[]
  }
  const root = JSON.parse(await readFile(base.trustedRoot, 'utf8')) as {
    tlogs: unknown[]
  }
  const paths = {
    signingConfig: join(sandbox.dir, 'no-log-signing-config.json'),
    trustedRoot: join(sandbox.dir, 'no-log-trusted-root.json')
  }
  await writeFile(paths.signingConfig, JSON.stringify({ ...config, rekorTlogUrls: [] }))
  await writeFile(paths.trustedRoot, JSON.stringify({ ...root, tlogs: [] }))
  return paths
}

async function expectSuccess(run: ReturnType<typeof runAction>): Promise<Awaited<typeof run>> {
  const result = await run
  if (result.code !== 0) throw new Error(`the action failed: ${errorsOf(result)}`)
  return result
}

function flipLastByte(text: string): Buffer {
  const bytes = Buffer.from(text)
  bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 1
  return bytes
}

/**
 * trusted_root.json (cosign v3), trust_config.json (sigstore-python), trusted_root.jsonl (gh), and
 * the PEM files cosign v2 reads from SIGSTORE_* variables when it verifies a .sig and a .pem.
 */
async function writeTrustMaterial(
  sandbox: Sandbox,
  dir: string,
  trust?: Pick<Trust, 'trustedRoot'> & Partial<Trust>
): Promise<void> {
  const text = await readFile(trust?.trustedRoot ?? sandbox.state.sigstore.trustedRootPath, 'utf8')
  const root = JSON.parse(text) as {
    certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[]
    tlogs: { publicKey: { rawBytes: string } }[]
    ctlogs: { publicKey: { rawBytes: string } }[]
  }
  const trustConfig = JSON.parse(
    await readFile(sandbox.state.sigstore.trustConfigPath, 'utf8')
  ) as object
  const signingConfig = trust?.signingConfig
    ? (JSON.parse(await readFile(trust.signingConfig, 'utf8')) as object)
    : undefined
  const pem = (label: string, der: string[]): string =>
    der
      .map((b64) => {
        const lines = b64.match(/.{1,64}/g) ?? []
        return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
      })
      .join('')
  const files: Record<string, string> = {
    'trusted_root.json': text,
    'trust_config.json': JSON.stringify({
      ...trustConfig,
      trustedRoot: root,
      ...(signingConfig ? { signingConfig } : {})
    }),
    'trusted_root.jsonl': JSON.stringify(root) + '\n',
    'fulcio_chain.pem': pem(
      'CERTIFICATE',
      root.certificateAuthorities.flatMap((ca) => ca.certChain.certificates.map((c) => c.rawBytes))
    ),
    'rekor.pub': pem(
      'PUBLIC KEY',
      root.tlogs.map((t) => t.publicKey.rawBytes)
    ),
    'ctfe.pub': pem(
      'PUBLIC KEY',
      root.ctlogs.map((t) => t.publicKey.rawBytes)
    )
  }
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
}
