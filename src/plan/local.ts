/**
 * What the run reads from the runner's disk, read and checked before the first remote call: the
 * local `files` to upload (confined to the workspace) and the `sbom` to attest.
 */
import type { Inputs } from '../inputs.js'
import { readSbom, type Sbom } from './sbom.js'
import { localFiles } from './subjects.js'

export interface LocalInputs {
  files: { path: string; name: string; size: number }[]
  sbom?: Sbom
}

export async function readLocalInputs(inputs: Inputs, workspace: string): Promise<LocalInputs> {
  return {
    files: await localFiles(inputs.files, workspace),
    sbom: inputs.sbom ? await readSbom(inputs.sbom, workspace) : undefined
  }
}
