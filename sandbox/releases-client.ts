/** A small REST client for the sandbox's GitHub: sets up releases as a user's workflow would, and reads back what landed. */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { AssetJson, ReleaseJson } from './github/shapes.js'
import type { Sandbox } from './types.js'

// The shapes the GitHub stand-in answers with: one definition for the server and this client.
export type { AssetJson, ReleaseJson } from './github/shapes.js'

export class GitHubHelper {
  constructor(
    readonly sandbox: Sandbox,
    readonly repository = sandbox.state.context.repository
  ) {}

  private get headers(): Record<string, string> {
    return {
      authorization: `token ${this.sandbox.state.github.token}`,
      accept: 'application/vnd.github+json'
    }
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.sandbox.state.github.apiUrl}${path}`, {
      method,
      headers: {
        ...this.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    if (!response.ok)
      throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
    return (response.status === 204 ? undefined : await response.json()) as T
  }

  createRelease(tag: string, options: { draft?: boolean } = {}): Promise<ReleaseJson> {
    return this.api('POST', `/repos/${this.repository}/releases`, {
      tag_name: tag,
      name: tag,
      draft: options.draft ?? true
    })
  }

  async upload(release: ReleaseJson, name: string, content: Buffer | string): Promise<AssetJson> {
    const url = release.upload_url.replace(/\{\?name,label\}$/, `?name=${encodeURIComponent(name)}`)
    const body = typeof content === 'string' ? Buffer.from(content) : content
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...this.headers,
        'content-type': 'application/octet-stream',
        'content-length': String(body.length)
      },
      body
    })
    if (response.status !== 201)
      throw new Error(`upload ${name}: HTTP ${response.status} ${await response.text()}`)
    return (await response.json()) as AssetJson
  }

  /** Streams a (large) file to the release. */
  async uploadFile(release: ReleaseJson, name: string, path: string): Promise<AssetJson> {
    const url = release.upload_url.replace(/\{\?name,label\}$/, `?name=${encodeURIComponent(name)}`)
    const { size } = await stat(path)
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...this.headers,
        'content-type': 'application/octet-stream',
        'content-length': String(size)
      },
      body: createReadStream(path),
      duplex: 'half'
    })
    if (response.status !== 201)
      throw new Error(`upload ${name}: HTTP ${response.status} ${await response.text()}`)
    return (await response.json()) as AssetJson
  }

  async assets(releaseId: number): Promise<AssetJson[]> {
    const all: AssetJson[] = []
    for (let page = 1; ; page++) {
      const batch = await this.api<AssetJson[]>(
        'GET',
        `/repos/${this.repository}/releases/${releaseId}/assets?per_page=100&page=${page}`
      )
      all.push(...batch)
      if (batch.length < 100) return all
    }
  }

  release(id: number): Promise<ReleaseJson> {
    return this.api('GET', `/repos/${this.repository}/releases/${id}`)
  }

  async download(asset: AssetJson): Promise<Buffer> {
    const response = await fetch(
      `${this.sandbox.state.github.apiUrl}/repos/${this.repository}/releases/assets/${asset.id}`,
      {
        headers: {
          authorization: `token ${this.sandbox.state.github.token}`,
          accept: 'application/octet-stream'
        }
      }
    )
    if (!response.ok) throw new Error(`download ${asset.name}: HTTP ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }

  deleteAsset(id: number): Promise<void> {
    return this.api('DELETE', `/repos/${this.repository}/releases/assets/${id}`)
  }
}
