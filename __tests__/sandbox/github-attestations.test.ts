/** The GitHub stand-in's attestations API, driven through Octokit. */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  anonymous,
  checkAll,
  expectStatus,
  octokit,
  startHarness,
  type Harness,
  type Octokit
} from './github-harness.js'

const owner = 'octo'

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** A Sigstore bundle with a DSSE envelope around an in-toto statement (signatures not checked). */
function bundle(
  subjects: string[],
  predicateType = 'https://slsa.dev/provenance/v1'
): Record<string, unknown> {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: subjects.map((s) => ({ name: s, digest: { sha256: digestOf(s) } })),
    predicateType,
    predicate: {}
  }
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { certificate: { rawBytes: 'MIIB' }, tlogEntries: [] },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: 'MEUCIQ==', keyid: '' }]
    }
  }
}

describe('GitHub stand-in: attestations', () => {
  let h: Harness
  let gh: Octokit

  beforeAll(async () => {
    h = await startHarness()
    gh = octokit(h.gh, h.gh.token)
  })

  afterAll(async () => {
    await h.close()
    const operations = new Set(checkAll(h.exchanges).map((r) => r.operationId))
    expect(operations).toContain('repos/create-attestation')
    expect(operations).toContain('repos/list-attestations')
  })

  it('stores a bundle and finds it by each subject digest, with the repository id', async () => {
    const stored = bundle(['a.tar.gz', 'b.zip'])
    const { status, data } = await gh.rest.repos.createAttestation({
      owner,
      repo: 'att',
      bundle: stored
    })
    expect(status).toBe(201)
    expect(data.id).toEqual(expect.any(Number))
    for (const name of ['a.tar.gz', 'b.zip']) {
      const { data: found } = await gh.rest.repos.listAttestations({
        owner,
        repo: 'att',
        subject_digest: `sha256:${digestOf(name)}`
      })
      expect(found.attestations).toEqual([
        { bundle: stored, repository_id: h.gh.repo(`${owner}/att`).id }
      ])
    }
    const { data: none } = await gh.rest.repos.listAttestations({
      owner,
      repo: 'att',
      subject_digest: `sha256:${digestOf('c')}`
    })
    expect(none.attestations).toEqual([])
    // Public repositories' attestations are readable by anyone.
    const anon = await anonymous(
      h.gh,
      `/repos/${owner}/att/attestations/sha256:${digestOf('a.tar.gz')}`
    )
    expect(anon.status).toBe(200)
    expect(h.gh.attestations(`${owner}/att`, `sha256:${digestOf('b.zip')}`)).toEqual([stored])
  })

  it('filters by predicate type and pages with after/before cursors', async () => {
    const subject = 'multi.bin'
    const digest = `sha256:${digestOf(subject)}`
    for (const type of [
      'https://slsa.dev/provenance/v1',
      'https://spdx.dev/Document/v2.3',
      'https://example.com/custom/v1'
    ]) {
      await gh.rest.repos.createAttestation({
        owner,
        repo: 'filter',
        bundle: bundle([subject], type)
      })
    }
    const list = (predicate_type?: string) =>
      gh.rest.repos.listAttestations({
        owner,
        repo: 'filter',
        subject_digest: digest,
        ...(predicate_type ? { predicate_type } : {})
      })
    expect((await list()).data.attestations).toHaveLength(3)
    expect((await list('provenance')).data.attestations).toHaveLength(1)
    expect((await list('sbom')).data.attestations).toHaveLength(1)
    expect((await list('https://example.com/custom/v1')).data.attestations).toHaveLength(1)
    expect((await list('release')).data.attestations).toHaveLength(0)

    const first = await gh.rest.repos.listAttestations({
      owner,
      repo: 'filter',
      subject_digest: digest,
      per_page: 2
    })
    expect(first.data.attestations).toHaveLength(2)
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link ?? '')?.[1]
    expect(next).toContain('after=')
    const second = await gh.request(`GET ${next ?? ''}`)
    const rest = (second.data as { attestations: unknown[] }).attestations
    expect(rest).toHaveLength(1)
    const prev = /<([^>]+)>; rel="prev"/.exec(second.headers.link ?? '')?.[1]
    expect(prev).toContain('before=')
    const back = await gh.request(`GET ${prev ?? ''}`)
    expect((back.data as { attestations: unknown[] }).attestations).toEqual(first.data.attestations)
  })

  it("refuses user-owned private repositories with GitHub's 422, but not organisations'", async () => {
    h.gh.repo(`${owner}/private`).visibility = 'private'
    const refused = await expectStatus(
      gh.rest.repos.createAttestation({ owner, repo: 'private', bundle: bundle(['x']) })
    )
    expect(refused.status).toBe(422)
    expect(refused.data).toMatchObject({
      message:
        'Feature not available for user-owned private repositories. To enable this feature, please make this repository public.',
      documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation'
    })
    const settings = h.gh.repo('corp/internal')
    settings.ownerType = 'Organization'
    settings.visibility = 'internal'
    expect(
      (
        await gh.rest.repos.createAttestation({
          owner: 'corp',
          repo: 'internal',
          bundle: bundle(['x'])
        })
      ).status
    ).toBe(201)
    expect(
      (await anonymous(h.gh, `/repos/corp/internal/attestations/sha256:${digestOf('x')}`)).status
    ).toBe(404)
  })

  it('answers 404 where the API does not exist (GitHub Enterprise Server)', async () => {
    h.gh.repo(`${owner}/ghes`).attestationsApi = false
    const create = await expectStatus(
      gh.rest.repos.createAttestation({ owner, repo: 'ghes', bundle: bundle(['x']) })
    )
    expect(create.status).toBe(404)
    const list = await expectStatus(
      gh.rest.repos.listAttestations({
        owner,
        repo: 'ghes',
        subject_digest: `sha256:${digestOf('x')}`
      })
    )
    expect(list.status).toBe(404)
  })

  it('needs attestations: write to create, and attestations: read for private repositories', async () => {
    const reader = octokit(h.gh, h.gh.readOnlyToken)
    const denied = await expectStatus(
      reader.rest.repos.createAttestation({ owner, repo: 'att', bundle: bundle(['x']) })
    )
    expect(denied).toMatchObject({
      status: 403,
      data: { message: 'Resource not accessible by integration' }
    })
    const contentsOnly = octokit(h.gh, h.gh.createToken({ contents: 'write' }))
    expect(
      (
        await expectStatus(
          contentsOnly.rest.repos.createAttestation({ owner, repo: 'att', bundle: bundle(['x']) })
        )
      ).status
    ).toBe(403)
    const settings = h.gh.repo('corp/secret')
    settings.ownerType = 'Organization'
    settings.visibility = 'private'
    const hidden = await expectStatus(
      contentsOnly.rest.repos.listAttestations({
        owner: 'corp',
        repo: 'secret',
        subject_digest: 'sha256:00'
      })
    )
    expect(hidden.status).toBe(403)
    expect(
      (
        await reader.rest.repos.listAttestations({
          owner: 'corp',
          repo: 'secret',
          subject_digest: 'sha256:00'
        })
      ).status
    ).toBe(200)
  })

  it('validates the bundle: a statement with sha256 subjects, or a SHA2_256 message signature', async () => {
    const post = (body: unknown) =>
      fetch(`${h.gh.apiUrl}/repos/${owner}/att/attestations`, {
        method: 'POST',
        headers: { authorization: `token ${h.gh.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body)
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { message: string } }))
    const missing = await post({})
    expect(missing).toMatchObject({
      status: 422,
      body: { message: `Invalid request.\n\n"bundle" wasn't supplied.` }
    })
    expect((await post({ bundle: 'text' })).status).toBe(422)
    const envelope = (payload: string, payloadType = 'application/vnd.in-toto+json') => ({
      bundle: {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        dsseEnvelope: { payload, payloadType, signatures: [] }
      }
    })
    expect((await post(envelope('x', 'text/plain'))).status).toBe(400)
    expect((await post(envelope(Buffer.from('{').toString('base64')))).body.message).toBe(
      'Invalid bundle: the DSSE payload is not JSON'
    )
    expect((await post(envelope(Buffer.from('{"subject":[]}').toString('base64')))).status).toBe(
      400
    )
    expect(
      (await post({ bundle: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' } }))
        .status
    ).toBe(400)
    const digest = createHash('sha256').update('blob').digest()
    const signed = await post({
      bundle: {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        messageSignature: {
          messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') },
          signature: 'MEU='
        }
      }
    })
    expect(signed.status).toBe(201)
    expect(h.gh.attestations(`${owner}/att`, `sha256:${digest.toString('hex')}`)).toHaveLength(1)
  })
})
