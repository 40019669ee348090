/**
 * What a run reads from the runner's disk before any remote call: the `files` (confined to the
 * workspace) and the `sbom`, read from a real temp workspace; a refusal of either stops the run.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Inputs } from '../../../src/inputs.js'
import { CYCLONEDX_TYPE } from '../../../src/intoto.js'
import { readLocalInputs } from '../../../src/plan/local.js'

let workspace: string
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'local-'))
  await writeFile(join(workspace, 'app linux.bin'), 'app')
  await writeFile(join(workspace, 'bom.json'), JSON.stringify({ bomFormat: 'CycloneDX' }))
})

const inputs = (files: string[], sbom?: string): Inputs => ({ files, sbom }) as Inputs

describe('readLocalInputs', () => {
  it('reads the files under the names GitHub will store, and the SBOM', async () => {
    expect(await readLocalInputs(inputs(['*.bin'], 'bom.json'), workspace)).toEqual({
      files: [{ path: join(workspace, 'app linux.bin'), name: 'app.linux.bin', size: 3 }],
      sbom: { predicateType: CYCLONEDX_TYPE, document: { bomFormat: 'CycloneDX' } }
    })
  })

  it('reads no files and no SBOM when none are asked for', async () => {
    expect(await readLocalInputs(inputs([]), workspace)).toEqual({ files: [], sbom: undefined })
  })

  it('stops at a file or an SBOM outside the workspace', async () => {
    await expect(readLocalInputs(inputs(['../x']), workspace)).rejects.toMatchObject({
      code: 'WORKSPACE_FILE'
    })
    await expect(readLocalInputs(inputs([], '/etc/passwd'), workspace)).rejects.toMatchObject({
      code: 'WORKSPACE_FILE',
      message: expect.stringContaining("'sbom'")
    })
  })
})
