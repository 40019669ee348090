import { describe, expect, it } from '@jest/globals'
import { parseInputs, splitList } from '../../src/inputs.js'
import { UserError } from '../../src/errors.js'

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

const base = { 'github-token': 't0ken' }

describe('parseInputs', () => {
  it('gives the documented defaults', () => {
    const inputs = parseInputs(reader(base))
    expect(inputs).toEqual({
      githubToken: 't0ken',
      releaseId: undefined,
      tag: undefined,
      assets: ['*'],
      files: [],
      sidecars: ['bundle', 'sig', 'pem'],
      provenance: true,
      provenanceName: 'multiple.intoto.jsonl',
      checksums: '',
      sbom: undefined,
      attestations: 'auto',
      sigstore: 'public-good',
      signingConfig: undefined,
      trustedRoot: undefined,
      privateRepository: false,
      onExisting: 'skip',
      publish: false,
      dryRun: false
    })
  })

  it('reads lists separated by newlines or commas, and booleans in YAML spellings', () => {
    const inputs = parseInputs(
      reader({
        ...base,
        assets: '*.tar.gz\n*.zip, checksums.txt',
        sidecars: 'bundle, pem',
        publish: 'True',
        'dry-run': 'FALSE',
        'release-id': '42'
      })
    )
    expect(inputs.assets).toEqual(['*.tar.gz', '*.zip', 'checksums.txt'])
    expect(inputs.sidecars).toEqual(['bundle', 'pem'])
    expect(inputs.publish).toBe(true)
    expect(inputs.dryRun).toBe(false)
    expect(inputs.releaseId).toBe(42)
    expect(parseInputs(reader({ ...base, sidecars: 'none' })).sidecars).toEqual([])
  })

  it.each([
    [{ 'github-token': '' }, "Input 'github-token': is empty"],
    [{ ...base, 'release-id': 'v1' }, "Input 'release-id': 'v1' is not a release id"],
    [{ ...base, sidecars: 'bundle,asc' }, "Input 'sidecars': unknown kind 'asc'"],
    [{ ...base, publish: 'yes' }, "Input 'publish': 'yes' is not a boolean"],
    [{ ...base, 'on-existing': 'overwrite' }, "Input 'on-existing': 'overwrite' is not allowed"],
    [
      { ...base, sigstore: 'custom' },
      "Input 'sigstore': 'custom' needs both 'signing-config' and 'trusted-root'"
    ],
    [
      { ...base, 'trusted-root': 'tr.json' },
      "Input 'trusted-root': is only used with sigstore: custom"
    ],
    [
      { ...base, 'provenance-name': 'dir/p.jsonl' },
      "Input 'provenance-name': 'dir/p.jsonl' is not a plain file name"
    ]
  ])('refuses %j with an error naming the input and a fix', (values, message) => {
    let caught: unknown
    try {
      parseInputs(reader(values))
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(UserError)
    expect((caught as UserError).message).toContain(message)
    expect((caught as UserError).hint).toBeTruthy()
  })

  it('splits and trims lists', () => {
    expect(splitList(' a ,\n\n b,')).toEqual(['a', 'b'])
  })
})
