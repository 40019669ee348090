/** The run's bundles and statements as local files under RUNNER_TEMP, for later steps to use. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Signed } from '../sign/index.js'

export interface BundleFiles {
  bundlePaths: string[]
  provenancePath?: string
}

export async function writeBundleFiles(dir: string, signed: Signed): Promise<BundleFiles> {
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
