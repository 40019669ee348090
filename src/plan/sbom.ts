/** An SBOM to attest over the release's subjects: a CycloneDX or SPDX JSON document. */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { inputError, messageOf } from '../errors.js'
import { CYCLONEDX_TYPE, SPDX_TYPE } from '../intoto.js'

export interface Sbom {
  predicateType: string
  document: Record<string, unknown>
}

export async function readSbom(path: string, workspace: string): Promise<Sbom> {
  let document: Record<string, unknown>
  try {
    document = JSON.parse(await readFile(resolve(workspace, path), 'utf8')) as Record<
      string,
      unknown
    >
  } catch (error) {
    throw inputError(
      'sbom',
      `cannot read ${path} as JSON: ${messageOf(error)}`,
      'give the path of a CycloneDX or SPDX JSON file'
    )
  }
  if (document.bomFormat === 'CycloneDX') return { predicateType: CYCLONEDX_TYPE, document }
  if (typeof document.spdxVersion === 'string' && document.spdxVersion.startsWith('SPDX-')) {
    return { predicateType: SPDX_TYPE, document }
  }
  throw inputError(
    'sbom',
    `${path} is neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`,
    'generate the SBOM in CycloneDX or SPDX JSON format'
  )
}
