/** Downloads every asset of a sandbox release with its sidecars and checks them, as a downloader would. */
import { readFileSync } from 'node:fs'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import type { Sandbox } from '../sandbox/index.js'
import type { GitHubHelper } from '../sandbox/releases-client.js'
import { digestBuffer } from '../src/util/digest.js'
import { parseStatement } from '../src/intoto.js'
import {
  parseBundle,
  trustMaterialFrom,
  verifyDsseBundle,
  verifyMessageBundle
} from '../src/verify/bundle.js'

export async function verifyRelease(
  sandbox: Sandbox,
  gh: GitHubHelper,
  releaseId: number
): Promise<string[]> {
  const trust = trustMaterialFrom(
    TrustedRoot.fromJSON(JSON.parse(readFileSync(sandbox.state.sigstore.trustedRootPath, 'utf8')))
  )
  const c = sandbox.state.context
  const san = `https://github.com/${c.reusable ? `${c.reusable.repository}/${c.reusable.workflowFile}@${c.reusable.ref}` : `${c.repository}/${c.workflowFile}@${c.ref}`}`
  const policy = { san, issuer: sandbox.state.oidc.issuer }
  const options = { requireTlog: true }
  const assets = await gh.assets(releaseId)
  const byName = new Map(assets.map((a) => [a.name, a]))
  const lines: string[] = []
  for (const asset of assets) {
    const bundleAsset = byName.get(`${asset.name}.sigstore.json`)
    if (!bundleAsset) continue
    const digest = digestBuffer(await gh.download(asset))
    const bundle = parseBundle(JSON.parse((await gh.download(bundleAsset)).toString()))
    verifyMessageBundle(bundle, Buffer.from(digest.sha256, 'hex'), trust, policy, options)
    lines.push(
      `OK  ${asset.name}: sha256 ${digest.sha256.slice(0, 16)}…, bundle verifies for ${san}`
    )
  }
  const provenance = byName.get('multiple.intoto.jsonl')
  if (provenance) {
    const line = (await gh.download(provenance)).toString().split('\n')[0] ?? ''
    const { payloadType, payload } = verifyDsseBundle(
      parseBundle(JSON.parse(line)),
      trust,
      policy,
      options
    )
    const statement = parseStatement(payloadType, payload)
    lines.push(
      `OK  multiple.intoto.jsonl: SLSA provenance over ${statement.subject.length} subjects, signed by ${san}`
    )
  }
  const rel = await gh.release(releaseId)
  lines.push(
    `Release is ${rel.draft ? 'still a draft' : 'published'}; ${assets.length} files on it`
  )
  return lines
}
