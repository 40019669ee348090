/** The action's inputs parsed once: documented defaults, each value checked, refusals naming the input and the fix. */
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
      sigstore: 'auto',
      signingConfig: undefined,
      trustedRoot: undefined,
      tufMirror: undefined,
      tufRoot: undefined,
      rekorVersion: 1,
      privateRepository: false,
      onExisting: 'skip',
      publish: false,
      dryRun: false,
      policy: {
        allowedRefs: [],
        allowedEvents: [],
        requireProtectedRef: false,
        runnerEnvironment: 'any'
      },
      authorization: 'none',
      authorizationName: 'authorization.intoto.jsonl',
      requireSignedTag: false
    })
  })

  it('reads the authorisation inputs, and refuses an unknown mode or a name taken by another file', () => {
    const inputs = parseInputs(
      reader({ ...base, authorization: 'environment', 'require-signed-tag': 'true' })
    )
    expect(inputs.authorization).toBe('environment')
    expect(inputs.requireSignedTag).toBe(true)
    expect(() => parseInputs(reader({ ...base, authorization: 'reviewers' }))).toThrow(
      "Input 'authorization'"
    )
    expect(() =>
      parseInputs(
        reader({
          ...base,
          authorization: 'environment',
          'authorization-name': 'multiple.intoto.jsonl'
        })
      )
    ).toThrow("'provenance-name' and 'authorization-name'")
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

  it('reads a TUF mirror without its trailing slash, and its root', () => {
    const inputs = parseInputs(
      reader({ ...base, 'tuf-mirror': 'https://tuf.example/repo/', 'tuf-root': 'root.json' })
    )
    expect(inputs.tufMirror).toBe('https://tuf.example/repo')
    expect(inputs.tufRoot).toBe('root.json')
  })

  /** The UserError parseInputs throws for these values (fails the test when it throws none). */
  function refusal(values: Record<string, string>): UserError {
    let caught: unknown
    try {
      parseInputs(reader(values))
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(UserError)
    return caught as UserError
  }

  it.each([
    ['an empty token', { 'github-token': '' }, 'github-token', 'INPUT_INVALID'],
    ['a release-id that is a tag', { ...base, 'release-id': 'v1' }, 'release-id', 'INPUT_INVALID'],
    [
      'a hexadecimal release-id',
      { ...base, 'release-id': '0x2dc6c3' },
      'release-id',
      'INPUT_INVALID'
    ],
    ['an exponent release-id', { ...base, 'release-id': '1e3' }, 'release-id', 'INPUT_INVALID'],
    ['a fractional release-id', { ...base, 'release-id': '12.0' }, 'release-id', 'INPUT_INVALID'],
    ['a negative release-id', { ...base, 'release-id': '-12' }, 'release-id', 'INPUT_INVALID'],
    ['a zero release-id', { ...base, 'release-id': '0' }, 'release-id', 'INPUT_INVALID'],
    ['a release-id with a space', { ...base, 'release-id': ' 12' }, 'release-id', 'INPUT_INVALID'],
    [
      'an unsafe release-id',
      { ...base, 'release-id': '9007199254740993' },
      'release-id',
      'INPUT_INVALID'
    ],
    ['an unknown sidecar', { ...base, sidecars: 'bundle,asc' }, 'sidecars', 'INPUT_INVALID'],
    ['sidecars naming nothing', { ...base, sidecars: ' , ' }, 'sidecars', 'INPUT_INVALID'],
    ['none mixed with kinds', { ...base, sidecars: 'none,bundle' }, 'sidecars', 'INPUT_INVALID'],
    ['a boolean spelled yes', { ...base, publish: 'yes' }, 'publish', 'INPUT_INVALID'],
    [
      'an unknown on-existing',
      { ...base, 'on-existing': 'overwrite' },
      'on-existing',
      'INPUT_INVALID'
    ],
    ['custom without files', { ...base, sigstore: 'custom' }, 'sigstore', 'INPUT_INVALID'],
    ['a rekor-version of 3', { ...base, 'rekor-version': '3' }, 'rekor-version', 'INPUT_INVALID'],
    [
      'rekor-version 2 on GitHub, which has no log',
      { ...base, sigstore: 'github', 'rekor-version': '2' },
      'rekor-version',
      'INPUT_INVALID'
    ],
    [
      'a tuf-mirror with custom',
      {
        ...base,
        sigstore: 'custom',
        'signing-config': 'sc.json',
        'trusted-root': 'tr.json',
        'tuf-mirror': 'https://tuf.example'
      },
      'tuf-mirror',
      'INPUT_INVALID'
    ],
    [
      'a tuf-mirror that is a path',
      { ...base, 'tuf-mirror': 'tuf/repo' },
      'tuf-mirror',
      'INPUT_INVALID'
    ],
    [
      'a tuf-mirror of another scheme',
      { ...base, 'tuf-mirror': 'file:///tmp/repo' },
      'tuf-mirror',
      'INPUT_INVALID'
    ],
    [
      'a trusted root without custom',
      { ...base, 'trusted-root': 'tr.json' },
      'trusted-root',
      'INPUT_INVALID'
    ],
    [
      'a provenance-name with a directory',
      { ...base, 'provenance-name': 'dir/p.jsonl' },
      'provenance-name',
      'INPUT_INVALID'
    ],
    ['a checksums name of ..', { ...base, checksums: '..' }, 'checksums', 'INPUT_INVALID'],
    [
      'a checksums name GitHub renames',
      { ...base, checksums: 'my sums.txt' },
      'checksums',
      'INPUT_INVALID'
    ],
    [
      'a provenance-name GitHub renames',
      { ...base, 'provenance-name': 'prövenance.jsonl' },
      'provenance-name',
      'INPUT_INVALID'
    ],
    [
      'checksums named like a bundle',
      { ...base, checksums: 'SUMS.sigstore.json' },
      'checksums',
      'INPUT_CONFLICT'
    ],
    [
      'checksums named like a signature',
      { ...base, checksums: 'SUMS.sig' },
      'checksums',
      'INPUT_CONFLICT'
    ],
    [
      'provenance named like a certificate',
      { ...base, 'provenance-name': 'p.pem' },
      'provenance-name',
      'INPUT_CONFLICT'
    ],
    [
      'provenance named like a temporary upload',
      { ...base, 'provenance-name': 'p.sign-release-tmp' },
      'provenance-name',
      'INPUT_CONFLICT'
    ],
    [
      'checksums named as the provenance',
      { ...base, checksums: 'multiple.intoto.jsonl' },
      'checksums',
      'INPUT_CONFLICT'
    ],
    [
      'checksums named as the SBOM statement',
      { ...base, checksums: 'sbom.intoto.jsonl', sbom: 'bom.json' },
      'checksums',
      'INPUT_CONFLICT'
    ],
    [
      'provenance named as the SBOM statement',
      { ...base, 'provenance-name': 'sbom.intoto.jsonl', sbom: 'bom.json' },
      'provenance-name',
      'INPUT_CONFLICT'
    ]
  ])('refuses %s with a code, naming the input and a fix', (_name, values, input, code) => {
    const error = refusal(values)
    expect(error.code).toBe(code)
    expect(error.message).toContain(`'${input}'`)
    expect(error.hint).toBeTruthy()
  })

  it('names the stored name in the fix for a name GitHub would rewrite', () => {
    expect(refusal({ ...base, checksums: 'my sums.txt' }).hint).toContain('"my.sums.txt"')
  })

  it('quotes the values it echoes, so they cannot break the error line', () => {
    expect(refusal({ ...base, 'release-id': '1\n::warning::x' }).message).toContain(
      '"1\\n::warning::x"'
    )
  })

  it('accepts what the conflicts leave alone', () => {
    // The same names are fine when the feature that would write one of them is off.
    const noProvenance = { ...base, provenance: 'false', checksums: 'multiple.intoto.jsonl' }
    expect(parseInputs(reader(noProvenance)).checksums).toBe('multiple.intoto.jsonl')
    const noSbom = { ...base, checksums: 'sbom.intoto.jsonl' }
    expect(parseInputs(reader(noSbom)).checksums).toBe('sbom.intoto.jsonl')
    expect(parseInputs(reader({ ...base, checksums: 'SHA256SUMS.txt' })).checksums).toBe(
      'SHA256SUMS.txt'
    )
    expect(parseInputs(reader({ ...base, 'release-id': '0042' })).releaseId).toBe(42)
    expect(parseInputs(reader({ ...base, sidecars: 'none, none' })).sidecars).toEqual([])
    const both = parseInputs(reader({ ...base, 'release-id': '7', tag: 'v1' }))
    expect([both.releaseId, both.tag]).toEqual([7, 'v1'])
  })

  it('splits and trims lists', () => {
    expect(splitList(' a ,\n\n b,')).toEqual(['a', 'b'])
  })
})
