/**
 * Where downloads end up: GitHub answers both `browser_download_url` and the API's octet-stream
 * request with a 302 to short-lived signed storage URLs on another host, so a client must follow
 * a cross-origin redirect without its Authorization header. Here the storage lives on the web
 * service under `/_storage/`; a URL is valid for five minutes.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const TTL_MS = 5 * 60_000

export class SignedUrls {
  private readonly secret = randomBytes(32)

  constructor(private readonly baseUrl: () => string) {}

  asset(assetId: number): string {
    const expires = Math.floor((Date.now() + TTL_MS) / 1000)
    return `${this.baseUrl()}/_storage/release-assets/${assetId}?expires=${expires}&sig=${this.sign(assetId, expires)}`
  }

  valid(assetId: number, expires: string | null, sig: string | null): boolean {
    const at = Number(expires)
    if (!Number.isInteger(at) || at * 1000 < Date.now() || sig === null) return false
    const expected = Buffer.from(this.sign(assetId, at))
    const given = Buffer.from(sig)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  private sign(assetId: number, expires: number): string {
    return createHmac('sha256', this.secret).update(`${assetId}:${expires}`).digest('hex')
  }
}
