/**
 * Which Sigstore services a run uses: picked from a signing config by API version and validity,
 * GitHub's instance derived from the server URL, and a custom instance's trust files refused when
 * they cannot be used.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../src/errors.js'
import { SigningConfig, TrustedRoot } from '@sigstore/protobuf-specs'
import { fromConfig, githubServices, loadInstance, select } from '../../../src/sigstore/instance.js'

const service = (url: string, majorApiVersion: number, start: string, end?: string) => ({
  url,
  majorApiVersion,
  operator: 'test',
  validFor: { start: new Date(start), end: end ? new Date(end) : undefined }
})

describe('Sigstore instance from a signing config', () => {
  it('selects the newest valid service of a supported API version', () => {
    const now = new Date('2026-06-01T00:00:00Z')
    const services = [
      service('https://old', 1, '2024-01-01T00:00:00Z'),
      service('https://new', 1, '2026-01-01T00:00:00Z'),
      service('https://future', 1, '2027-01-01T00:00:00Z'),
      service('https://expired', 1, '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'),
      service('https://v2', 2, '2026-02-01T00:00:00Z')
    ]
    expect(select(services, 1, now)?.url).toBe('https://new')
    expect(select(services, 2, now)?.url).toBe('https://v2')
    expect(select([], 1, now)).toBeUndefined()
  })

  it('needs a CA and a log or a TSA', () => {
    const root = TrustedRoot.fromJSON({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: []
    })
    const config = (parts: Partial<SigningConfig>): SigningConfig => ({
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [],
      oidcUrls: [],
      rekorTlogUrls: [],
      tsaUrls: [],
      rekorTlogConfig: undefined,
      tsaConfig: undefined,
      ...parts
    })
    const ca = [service('https://fulcio', 1, '2020-01-01T00:00:00Z')]
    expect(() => fromConfig('custom', config({}), root)).toThrow('no usable certificate authority')
    expect(() => fromConfig('custom', config({ caUrls: ca }), root)).toThrow(
      'neither a usable Rekor v1 log nor a timestamp authority'
    )
    const instance = fromConfig(
      'custom',
      config({
        caUrls: ca,
        tsaUrls: [service('https://tsa/api/v1/timestamp', 1, '2020-01-01T00:00:00Z')]
      }),
      root
    )
    expect(instance).toMatchObject({
      fulcioUrl: 'https://fulcio',
      rekorUrl: undefined,
      tsaUrl: 'https://tsa/api/v1/timestamp'
    })
    // Logs listed, but only a Rekor v2 and a v1 that has ended: refuse rather than sign unlogged.
    expect(() =>
      fromConfig(
        'public-good',
        config({
          caUrls: ca,
          rekorTlogUrls: [
            service('https://log2025-1.rekor', 2, '2020-01-01T00:00:00Z'),
            service('https://rekor', 1, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z')
          ],
          tsaUrls: [service('https://tsa/api/v1/timestamp', 1, '2020-01-01T00:00:00Z')]
        }),
        root
      )
    ).toThrow('https://log2025-1.rekor (v2), https://rekor (v1)')
  })

  it('with rekor-version 2 takes the v2 log and requires a TSA; with 1 never the v2 log', () => {
    const root = TrustedRoot.fromJSON({ mediaType: 'x', tlogs: [], certificateAuthorities: [] })
    const base = {
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [service('https://fulcio', 1, '2020-01-01T00:00:00Z')],
      oidcUrls: [],
      rekorTlogUrls: [
        service('https://log2025-1.rekor', 2, '2020-01-01T00:00:00Z'),
        service('https://rekor', 1, '2020-01-01T00:00:00Z')
      ],
      tsaUrls: [service('https://tsa/api/v1/timestamp', 1, '2020-01-01T00:00:00Z')],
      rekorTlogConfig: undefined,
      tsaConfig: undefined
    }
    expect(fromConfig('custom', base, root, 2)).toMatchObject({
      rekorUrl: 'https://log2025-1.rekor',
      rekorVersion: 2,
      tsaUrl: 'https://tsa/api/v1/timestamp'
    })
    expect(fromConfig('custom', base, root)).toMatchObject({
      rekorUrl: 'https://rekor',
      rekorVersion: 1
    })
    const noTsa = (): unknown => fromConfig('custom', { ...base, tsaUrls: [] }, root, 2)
    expect(noTsa).toThrow(UserError)
    expect(noTsa).toThrow('no timestamp authority valid now, which Rekor v2 needs')
    const v1Only = { ...base, rekorTlogUrls: base.rekorTlogUrls.slice(1) }
    let refusal: unknown
    try {
      fromConfig('custom', v1Only, root, 2)
    } catch (error) {
      refusal = error
    }
    expect(refusal).toMatchObject({
      code: 'TRUST_MATERIAL',
      message: expect.stringContaining('lists no Rekor v2 log valid now') as unknown,
      hint: expect.stringContaining("set 'rekor-version: 1'") as unknown
    })
  })

  it('explains unreadable files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'instance-'))
    await writeFile(join(dir, 'bad.json'), '{')
    await expect(
      loadInstance({
        name: 'custom',
        signingConfig: join(dir, 'none.json'),
        trustedRoot: join(dir, 'none.json')
      })
    ).rejects.toThrow("Input 'signing-config': cannot read")
    await expect(
      loadInstance({
        name: 'custom',
        signingConfig: join(dir, 'bad.json'),
        trustedRoot: join(dir, 'bad.json')
      })
    ).rejects.toThrow('is not JSON')
    // Nothing listens on port 9: every retry is refused at once (no backoff to wait out).
    process.env.SIGN_RELEASE_RETRY_BASE_MS = '0'
    try {
      await expect(
        loadInstance({ name: 'custom', signingConfig: 'http://127.0.0.1:9/none', trustedRoot: 'x' })
      ).rejects.toThrow('cannot read')
    } finally {
      delete process.env.SIGN_RELEASE_RETRY_BASE_MS
    }
  })

  it("derives GitHub's services from the server's host, as actions/attest does", () => {
    expect(githubServices('https://github.com')).toEqual({
      fulcioUrl: 'https://fulcio.githubapp.com',
      tsaUrl: 'https://timestamp.githubapp.com'
    })
    expect(githubServices('https://octo-corp.ghe.com/')).toEqual({
      fulcioUrl: 'https://fulcio.octo-corp.ghe.com',
      tsaUrl: 'https://timestamp.octo-corp.ghe.com'
    })
  })
})

describe('trust files of a custom instance', () => {
  let dir: string
  const file = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name)
    await writeFile(path, content)
    return path
  }
  const caRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    certificateAuthorities: [
      { certChain: { certificates: [{ rawBytes: Buffer.from('der').toString('base64') }] } }
    ]
  }
  // Usable on its own, so that a refusal in the cases below is the trusted root's.
  const usableConfig = JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [service('https://fulcio', 1, '2020-01-01T00:00:00Z')],
    tsaUrls: [service('https://tsa/api/v1/timestamp', 1, '2020-01-01T00:00:00Z')]
  })
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trust-files-'))
  })

  async function refusal(signingConfig: string, trustedRoot: string): Promise<UserError> {
    const error = await loadInstance({
      name: 'custom',
      signingConfig: await file('config.json', signingConfig),
      trustedRoot: await file('root.json', trustedRoot)
    }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }

  const root = JSON.stringify(caRoot)
  it.each([
    ['a signing config of null', 'signing-config', 'null', root],
    ['a signing config that is an array', 'signing-config', `[${usableConfig}]`, root],
    ['a signing config that is a string', 'signing-config', '"https://fulcio"', root],
    ['a trusted root of null', 'trusted-root', usableConfig, 'null'],
    ['a trusted root that is an array', 'trusted-root', usableConfig, `[${root}]`],
    ['a trusted root that is a number', 'trusted-root', usableConfig, '42'],
    [
      'a trusted root of the wrong shape',
      'trusted-root',
      usableConfig,
      '{"certificateAuthorities": [{"certChain": {"certificates": [{"rawBytes": 5}]}}]}'
    ],
    [
      'a trusted root without certificate authorities',
      'trusted-root',
      usableConfig,
      '{"certificateAuthorities": []}'
    ],
    [
      'a trusted root whose authority has no certificate',
      'trusted-root',
      usableConfig,
      '{"certificateAuthorities": [{}]}'
    ]
  ])(
    'refuses %s as unusable trust material, naming the input',
    async (_name, input, config, root) => {
      const error = await refusal(config, root)
      expect(error.code).toBe('TRUST_MATERIAL')
      expect(error.message).toContain(`'${input}'`)
    }
  )

  it("names the input and never echoes the file's content when it is not JSON", async () => {
    const error = await loadInstance({
      name: 'custom',
      signingConfig: await file('config.json', 'hunter2=token'),
      trustedRoot: await file('root.json', JSON.stringify(caRoot))
    }).then(
      () => undefined,
      (e: unknown) => e as UserError
    )
    expect(error?.code).toBe('TRUST_MATERIAL')
    expect(error?.message).toContain("'signing-config'")
    expect(error?.message).not.toContain('hunter2')
  })

  it('reads trust material from a URL with bounded retries, and says when the answer is not JSON', async () => {
    const { createServer } = await import('node:http')
    const answers = [
      { status: 503, body: 'busy' },
      { status: 200, body: usableConfig },
      { status: 200, body: JSON.stringify(caRoot) },
      { status: 200, body: 'hunter2 <html>' }
    ]
    const server = createServer((_req, res) => {
      const answer = answers.shift() ?? { status: 500, body: '' }
      res.writeHead(answer.status).end(answer.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    const url = `http://127.0.0.1:${port}/x.json`
    process.env.SIGN_RELEASE_RETRY_BASE_MS = '1'
    try {
      // The 503 is retried; the config, then the root, arrive.
      const instance = await loadInstance({ name: 'custom', signingConfig: url, trustedRoot: url })
      expect(instance.fulcioUrl).toBe('https://fulcio')
      const error = (await loadInstance({
        name: 'custom',
        signingConfig: url,
        trustedRoot: url
      }).catch((e: unknown) => e)) as UserError
      expect(error.code).toBe('TRUST_MATERIAL')
      expect(error.message).not.toContain('hunter2')
    } finally {
      delete process.env.SIGN_RELEASE_RETRY_BASE_MS
      server.close()
    }
  })

  it('loads a usable config and a root with an authority', async () => {
    const instance = await loadInstance({
      name: 'custom',
      signingConfig: await file('config.json', usableConfig),
      trustedRoot: await file('root.json', JSON.stringify(caRoot))
    })
    expect(instance.fulcioUrl).toBe('https://fulcio')
  })
})
