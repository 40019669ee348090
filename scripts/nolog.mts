import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { startSandbox } from '../sandbox/index.js'
import { GitHubHelper } from '../sandbox/releases-client.js'
import { errorsOf, runAction } from '../sandbox/runner.js'
const sandbox = await startSandbox()
try {
  const config = JSON.parse(await readFile(sandbox.state.sigstore.signingConfigPath, 'utf8'))
  config.rekorTlogUrls = []
  const cfgPath = join(sandbox.dir, 'nolog_signing_config.json')
  await writeFile(cfgPath, JSON.stringify(config))
  const gh = new GitHubHelper(sandbox)
  const release = await gh.createRelease('v1.0.0')
  await gh.upload(release, 'a.txt', 'hello\n')
  const run = await runAction(sandbox, { 'release-id': String(release.id), 'signing-config': cfgPath })
  console.log('code', run.code, errorsOf(run))
  const dir = '/tmp/nolog'
  await mkdir(dir, { recursive: true })
  for (const a of await gh.assets(release.id)) await writeFile(join(dir, a.name), await gh.download(a))
  await writeFile(join(dir, 'trusted_root.json'), await readFile(sandbox.state.sigstore.trustedRootPath))
  await writeFile(join(dir, 'trusted_root.jsonl'), await readFile(sandbox.state.sigstore.trustedRootJsonlPath))
  console.log(JSON.stringify({ issuer: sandbox.state.oidc.issuer }))
  console.log(run.summary.slice(0, 3000))
} finally {
  await sandbox.close()
}
