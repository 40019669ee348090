/**
 * The instance a run signs on, loaded with its trust material: the one the inputs name, from the
 * TUF repository they give (`tuf-mirror`, `tuf-root`) or the instance's own.
 */
import { join } from 'node:path'
import type { Inputs } from '../inputs.js'
import type { Log } from '../log.js'
import { loadInstance, type Instance } from './instance.js'

export interface ChoiceEnv {
  serverUrl: string
  runnerTemp: string
}

export async function chooseInstance(inputs: Inputs, env: ChoiceEnv, log: Log): Promise<Instance> {
  const instance = await loadInstance({
    name: inputs.sigstore,
    signingConfig: inputs.signingConfig,
    trustedRoot: inputs.trustedRoot,
    tufMirror: inputs.tufMirror,
    tufRoot: inputs.tufRoot,
    serverUrl: env.serverUrl,
    cacheDir: join(env.runnerTemp, 'sign-release-tuf')
  })
  log.info(
    `Sigstore: ${instance.name} (Fulcio ${instance.fulcioUrl}, Rekor ${instance.rekorUrl ?? 'none'}, TSA ${instance.tsaUrl ?? 'none'})`
  )
  return instance
}
