/**
 * The SBOM input: a CycloneDX or SPDX JSON document inside the workspace, refused (without echoing
 * its content) when it is not JSON, not an SBOM, or reached outside the workspace.
 */
import { symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { CYCLONEDX_TYPE, SPDX_TYPE } from '../../../src/intoto.js'
import { readSbom } from '../../../src/plan/sbom.js'
import { hostileWorkspace } from '../../helpers/workspace.js'

describe('the SBOM is confined to the workspace too', () => {
  let workspace: string
  beforeAll(async () => {
    ;({ workspace } = await hostileWorkspace())
    await writeFile(join(workspace, 'bom.json'), JSON.stringify({ bomFormat: 'CycloneDX' }))
    await writeFile(join(workspace, 'secret.json'), 'hunter2=token')
    await writeFile(join(workspace, 'null.json'), 'null')
    await symlink(join(workspace, 'bom.json'), join(workspace, '.git', 'bom.json'))
  })

  it.each([
    ['an absolute path', '/etc/passwd', 'WORKSPACE_FILE'],
    ['a parent path', '../outside/secret', 'WORKSPACE_FILE'],
    ['a link outside', 'dist/escape.bin', 'WORKSPACE_FILE'],
    ['a file under .git', '.git/bom.json', 'WORKSPACE_FILE'],
    ['a directory', 'dist', 'WORKSPACE_FILE'],
    ['a missing file', 'none.json', 'WORKSPACE_FILE'],
    ['a file that is not JSON', 'secret.json', 'INPUT_INVALID'],
    ['JSON null', 'null.json', 'INPUT_INVALID']
  ])('refuses %s', async (_name, path, code) => {
    const error = await readSbom(path, workspace).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe(code)
    expect((error as UserError).message).toContain("'sbom'")
  })

  it("never echoes the file's content when it is not JSON", async () => {
    // JSON.parse's own message quotes the first bytes: Unexpected token 'h', "hunter2=to"... is not valid JSON
    const error = await readSbom('secret.json', workspace).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toContain('secret.json')
    expect(error?.message).not.toContain('hunter2')
  })

  it('reads a CycloneDX document inside the workspace', async () => {
    expect((await readSbom('bom.json', workspace)).document).toEqual({ bomFormat: 'CycloneDX' })
  })

  it.each([
    ['CycloneDX', { bomFormat: 'CycloneDX', specVersion: '1.6' }, CYCLONEDX_TYPE],
    ['SPDX', { spdxVersion: 'SPDX-2.3', name: 'app' }, SPDX_TYPE]
  ])('attests a %s document under its predicate type', async (_name, document, type) => {
    await writeFile(join(workspace, 'sbom.json'), JSON.stringify(document))
    expect(await readSbom('sbom.json', workspace)).toEqual({ predicateType: type, document })
  })

  it.each([
    ['an array', '[{"bomFormat":"CycloneDX"}]'],
    ['another JSON document', '{"name":"package.json"}'],
    ['a version that is not SPDX', '{"spdxVersion":"2.3"}']
  ])('refuses %s as neither CycloneDX nor SPDX', async (_name, text) => {
    await writeFile(join(workspace, 'other.json'), text)
    await expect(readSbom('other.json', workspace)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining('neither CycloneDX')
    })
  })
})
