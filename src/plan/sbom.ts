/** An SBOM to attest over the release's subjects: a CycloneDX or SPDX JSON document. */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { inputError } from '../errors.js'
import { CYCLONEDX_TYPE, SPDX_TYPE } from '../intoto.js'
import { quote } from '../util/format.js'
import { confine, refuseEscape, workspaceRoot } from './workspace.js'

export interface Sbom {
  predicateType: string
  document: Record<string, unknown>
}

export async function readSbom(path: string, workspace: string): Promise<Sbom> {
  refuseEscape('sbom', path)
  const { real } = await confine(
    'sbom',
    await workspaceRoot(workspace),
    workspace,
    resolve(workspace, path)
  )
  const text = await readFile(real, 'utf8')
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    // The parser's message quotes the file's bytes: say only that it is not JSON.
    throw inputError(
      'sbom',
      `${quote(path)} is not JSON`,
      'give the path of a CycloneDX or SPDX JSON file'
    )
  }
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const object = document as Record<string, unknown>
    if (object.bomFormat === 'CycloneDX') return { predicateType: CYCLONEDX_TYPE, document: object }
    if (typeof object.spdxVersion === 'string' && object.spdxVersion.startsWith('SPDX-')) {
      return { predicateType: SPDX_TYPE, document: object }
    }
  }
  throw inputError(
    'sbom',
    `${quote(path)} is neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`,
    'generate the SBOM in CycloneDX or SPDX JSON format'
  )
}
