/**
 * The real Sigstore servers on loopback, configured together: the timestamp authority, Fulcio
 * (ephemeral CA, the sandbox's OIDC issuer as a GitHub Actions CI provider), TesseraCT as Fulcio's
 * CT log, and rekor-tiles (Rekor v2). Each starts only once the one before answers its health
 * endpoint; TesseraCT starts after Fulcio because it takes Fulcio's root, which an ephemeral CA
 * makes only when it starts (Fulcio reaches its CT log only when it issues a certificate).
 * Binaries come from scripts/interop/install-real-servers.sh.
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort, startServer, type ServerProcess } from './process.js'

export const REAL_SERVER_BINARIES = [
  'timestamp-server',
  'fulcio',
  'tesseract-posix',
  'rekor-tiles-posix'
] as const

/** The host every server is reached at; rekor-tiles' checkpoint origin and TesseraCT's origin. */
const HOST = '127.0.0.1'

export interface RealServers {
  tsa: { url: string; chain: string[] }
  fulcio: { url: string; chain: string[] }
  ctlog: { url: string; spki: Buffer; logId: Buffer; storageDir: string }
  rekor: { url: string; publicKey: KeyObject; origin: string; storageDir: string }
  stop(): Promise<void>
}

export async function startRealServers(
  bin: string,
  dir: string,
  oidcIssuer: string
): Promise<RealServers> {
  await mkdir(dir, { recursive: true })
  const started: ServerProcess[] = []
  const stop = async (): Promise<void> => {
    for (const server of started.reverse()) await server.stop()
  }
  try {
    const tsa = await startTsa(bin, dir, started)
    const ctPort = await freePort()
    const ctKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const fulcio = await startFulcio(bin, dir, started, oidcIssuer, ctPort, ctKey.publicKey)
    const ctlog = await startTesseract(bin, dir, started, ctPort, ctKey.privateKey, fulcio.chain)
    const rekor = await startRekorTiles(bin, dir, started)
    return { tsa, fulcio, ctlog, rekor, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startTsa(
  bin: string,
  dir: string,
  started: ServerProcess[]
): Promise<RealServers['tsa']> {
  const port = await freePort()
  const url = `http://${HOST}:${port}`
  // Its metrics listen on :2112 with no flag to move them: one TSA per host, and Fulcio's and
  // rekor-tiles' metrics go elsewhere. NTP monitoring would ask public time servers: off.
  const args = ['serve', '--host', HOST, '--port', String(port)]
  args.push('--timestamp-signer', 'memory', '--disable-ntp-monitoring')
  started.push(
    await startServer('timestamp-server', join(bin, 'timestamp-server'), args, {
      logDir: dir,
      health: `${url}/ping`
    })
  )
  const response = await fetch(`${url}/api/v1/timestamp/certchain`, {
    signal: AbortSignal.timeout(5_000)
  })
  if (!response.ok) throw new Error(`timestamp-server: certchain answered ${response.status}`)
  return { url, chain: pemBlocks(await response.text()) }
}

async function startFulcio(
  bin: string,
  dir: string,
  started: ServerProcess[],
  oidcIssuer: string,
  ctPort: number,
  ctPublicKey: KeyObject
): Promise<RealServers['fulcio']> {
  const [port, grpcPort, metricsPort] = [await freePort(), await freePort(), await freePort()]
  const url = `http://${HOST}:${port}`
  const configPath = join(dir, 'fulcio-config.json')
  await writeFile(configPath, JSON.stringify(fulcioConfig(oidcIssuer), null, 2))
  const ctKeyPath = join(dir, 'ctlog.pub')
  await writeFile(ctKeyPath, ctPublicKey.export({ type: 'spki', format: 'pem' }))
  // One port for HTTP and gRPC panics; the legacy gRPC socket defaults to one abstract name per host.
  const args = ['serve', '--host', HOST, '--port', String(port)]
  args.push('--grpc-host', HOST, '--grpc-port', String(grpcPort))
  args.push('--metrics-port', String(metricsPort))
  args.push('--legacy-unix-domain-socket', join(dir, 'fulcio-legacy.sock'))
  args.push('--ca', 'ephemeralca', '--config-path', configPath)
  args.push('--ct-log-url', `http://${HOST}:${ctPort}`, '--ct-log-public-key-path', ctKeyPath)
  started.push(
    await startServer('fulcio', join(bin, 'fulcio'), args, {
      logDir: dir,
      health: `${url}/healthz`
    })
  )
  const response = await fetch(`${url}/api/v2/trustBundle`, { signal: AbortSignal.timeout(5_000) })
  if (!response.ok) throw new Error(`fulcio: trustBundle answered ${response.status}`)
  const bundle = (await response.json()) as { chains: { certificates: string[] }[] }
  const chain = bundle.chains[0]?.certificates.flatMap(pemBlocks) ?? []
  if (chain.length === 0) throw new Error('fulcio: the trust bundle holds no certificate')
  return { url, chain }
}

/**
 * The sandbox's issuer as GitHub Actions is configured on the public-good Fulcio (its
 * config/identity/config.yaml): a CI provider whose templates give the SAN
 * https://github.com/{job_workflow_ref} and the GitHub workflow extensions. Fulcio fetches
 * discovery from the issuer URL, so it must be one it can reach: GitHub's own cannot be used here.
 */
function fulcioConfig(issuer: string): object {
  const url = 'https://github.com'
  return {
    OIDCIssuers: {
      [issuer]: {
        IssuerURL: issuer,
        ClientID: 'sigstore',
        Type: 'ci-provider',
        CIProvider: 'github-workflow'
      }
    },
    CIIssuerMetadata: {
      'github-workflow': {
        DefaultTemplateValues: { url, environment: '' },
        ExtensionTemplates: {
          GithubWorkflowTrigger: 'event_name',
          GithubWorkflowSHA: 'sha',
          GithubWorkflowName: 'workflow',
          GithubWorkflowRepository: 'repository',
          GithubWorkflowRef: 'ref',
          BuildSignerURI: '{{ .url }}/{{ .job_workflow_ref }}',
          BuildSignerDigest: 'job_workflow_sha',
          RunnerEnvironment: 'runner_environment',
          SourceRepositoryURI: '{{ .url }}/{{ .repository }}',
          SourceRepositoryDigest: 'sha',
          SourceRepositoryRef: 'ref',
          SourceRepositoryIdentifier: 'repository_id',
          SourceRepositoryOwnerURI: '{{ .url }}/{{ .repository_owner }}',
          SourceRepositoryOwnerIdentifier: 'repository_owner_id',
          BuildConfigURI: '{{ .url }}/{{ .workflow_ref }}',
          BuildConfigDigest: 'workflow_sha',
          BuildTrigger: 'event_name',
          RunInvocationURI:
            '{{ .url }}/{{ .repository }}/actions/runs/{{ .run_id }}/attempts/{{ .run_attempt }}',
          SourceRepositoryVisibilityAtSigning: 'repository_visibility',
          DeploymentEnvironment: 'environment'
        },
        SubjectAlternativeNameTemplate: '{{ .url }}/{{ .job_workflow_ref }}'
      }
    }
  }
}

async function startTesseract(
  bin: string,
  dir: string,
  started: ServerProcess[],
  port: number,
  privateKey: KeyObject,
  fulcioChain: string[]
): Promise<RealServers['ctlog']> {
  const url = `http://${HOST}:${port}`
  // TesseraCT reads its key as SEC1 (`EC PRIVATE KEY`) only.
  const keyPath = join(dir, 'ctlog.key')
  await writeFile(keyPath, privateKey.export({ type: 'sec1', format: 'pem' }), { mode: 0o600 })
  const rootsPath = join(dir, 'ctlog-roots.pem')
  await writeFile(rootsPath, fulcioChain.at(-1) ?? '')
  const storage = join(dir, 'ctlog')
  await mkdir(storage)
  // The origin is the host without the port, as Fulcio's client expects of a static CT log here.
  const args = ['--private_key', keyPath, '--origin', HOST, '--storage_dir', storage]
  args.push('--roots_pem_file', rootsPath, '--ext_key_usages', 'CodeSigning')
  args.push('--http_endpoint', `${HOST}:${port}`)
  started.push(
    await startServer('tesseract', join(bin, 'tesseract-posix'), args, {
      logDir: dir,
      health: `${url}/healthz`
    })
  )
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  // RFC 6962: a CT log's ID is the SHA-256 of its public key's DER SubjectPublicKeyInfo.
  return { url, spki, logId: createHash('sha256').update(spki).digest(), storageDir: storage }
}

async function startRekorTiles(
  bin: string,
  dir: string,
  started: ServerProcess[]
): Promise<RealServers['rekor']> {
  const [port, grpcPort, metricsPort] = [await freePort(), await freePort(), await freePort()]
  const url = `http://${HOST}:${port}`
  const key = generateKeyPairSync('ed25519')
  const keyPath = join(dir, 'rekor.key')
  await writeFile(keyPath, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  const storageDir = join(dir, 'rekor')
  await mkdir(storageDir)
  // --hostname is the checkpoint origin, which verifiers match against the host of the log's URL in
  // the trusted root (without the port).
  const args = [
    'serve',
    '--hostname',
    HOST,
    '--storage-dir',
    storageDir,
    '--signer-filepath',
    keyPath
  ]
  args.push('--http-address', HOST, '--http-port', String(port))
  args.push('--grpc-address', HOST, '--grpc-port', String(grpcPort))
  args.push('--http-metrics-port', String(metricsPort), '--checkpoint-interval', '1s')
  started.push(
    await startServer('rekor-tiles', join(bin, 'rekor-tiles-posix'), args, {
      logDir: dir,
      health: `${url}/healthz`,
      ready: (body) => body.includes('"SERVING"')
    })
  )
  return { url, publicKey: key.publicKey, origin: HOST, storageDir }
}

/** The PEM blocks of a text, each with its armour. */
export function pemBlocks(text: string): string[] {
  return (
    text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g)?.map((b) => `${b}\n`) ?? []
  )
}
