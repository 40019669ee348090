/**
 * startUploads: a subject's sidecars go up while the rest are still being signed (before finish()),
 * a local file before its own sidecars, and a failed upload stops signing and ends the run with it.
 * The assets client is a recording stand-in: what matters here is the order of writes.
 */
import { describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import type { Asset, UploadBody } from '../../../src/github/assets.js'
import type { GitHubRepo } from '../../../src/github/index.js'
import type { Release } from '../../../src/github/releases.js'
import { silentLog } from '../../../src/log.js'
import type { Plan } from '../../../src/plan/index.js'
import type { SubjectPlan } from '../../../src/plan/reconcile.js'
import { startUploads } from '../../../src/publish/uploads.js'

const BUNDLE = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' } as SerializedBundle

function recordingAssets(failing?: string): { github: GitHubRepo; uploaded: string[] } {
  const uploaded: string[] = []
  let id = 1
  const assets = {
    async upload(_release: Release, name: string, body: UploadBody): Promise<Asset> {
      if (name === failing) throw Object.assign(new Error('Validation Failed'), { status: 422 })
      // A file from disk takes longer than a small sidecar: its sidecar must still wait for it.
      if ('path' in body) await settle()
      uploaded.push(name)
      return {
        id: id++,
        name,
        size: 1,
        state: 'uploaded',
        contentType: 'application/octet-stream'
      }
    },
    list: () => Promise.resolve([])
  }
  return { github: { assets } as unknown as GitHubRepo, uploaded }
}

function subject(name: string, kind: 'asset' | 'file'): SubjectPlan {
  const base = { name, sha256: 'ab'.repeat(32), size: 1 }
  return {
    subject: (kind === 'file'
      ? { ...base, kind, path: `/tmp/${name}` }
      : { ...base, kind }) as SubjectPlan['subject'],
    sidecars: [{ kind: 'bundle', name: `${name}.sigstore.json`, action: 'upload' }]
  }
}

function planOf(subjects: SubjectPlan[]): Plan {
  return { release: { id: 7 }, subjects, statements: [] } as unknown as Plan
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

describe('startUploads', () => {
  it("uploads a subject's sidecars as soon as it is signed, before signing ends", async () => {
    const { github, uploaded } = recordingAssets()
    const plan = planOf([subject('a.bin', 'asset'), subject('b.bin', 'asset')])
    const uploads = startUploads({ github, plan, log: silentLog })
    uploads.signed('a.bin', BUNDLE)
    await settle()
    expect(uploaded).toEqual(['a.bin.sigstore.json'])
    uploads.signed('b.bin', BUNDLE)
    await uploads.finish({ bundles: new Map(), statements: [] })
    expect(uploaded).toEqual(['a.bin.sigstore.json', 'b.bin.sigstore.json'])
  })

  it('puts a local file on the release before its sidecars', async () => {
    const { github, uploaded } = recordingAssets()
    const uploads = startUploads({
      github,
      plan: planOf([subject('app.tar.gz', 'file')]),
      log: silentLog
    })
    uploads.signed('app.tar.gz', BUNDLE)
    await uploads.finish({ bundles: new Map(), statements: [] })
    expect(uploaded).toEqual(['app.tar.gz', 'app.tar.gz.sigstore.json'])
  })

  it('stops signing at a failed upload and ends the run with its error', async () => {
    const { github, uploaded } = recordingAssets('a.bin.sigstore.json')
    const plan = planOf([subject('a.bin', 'asset'), subject('b.bin', 'asset')])
    const uploads = startUploads({ github, plan, log: silentLog })
    uploads.signed('a.bin', BUNDLE)
    await settle()
    expect(() => uploads.signed('b.bin', BUNDLE)).toThrow('Validation Failed')
    await expect(uploads.abandon()).resolves.toBeUndefined()
    expect(uploaded).toEqual([])
  })
})
