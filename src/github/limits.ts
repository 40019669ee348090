/** GitHub's documented limits on releases: what the plan budgets for and the client paces to. */
export const MAX_ASSETS_PER_RELEASE = 1000
/** Secondary limits on content-creating requests (uploads, deletes, renames, publishing). */
export const CONTENT_REQUESTS_PER_MINUTE = 80
export const CONTENT_REQUESTS_PER_HOUR = 500
/** Content-creating requests a window the pacer leaves to other steps using the token (the one that created the release). */
export const WRITES_LEFT_TO_OTHERS = 5
/** How much longer than GitHub's each paced window is taken to be, for clocks that disagree. */
export const WINDOW_MARGIN = 0.02

/**
 * The length of GitHub's "minute" for content-creating requests (the hour is sixty of them): 60 s,
 * or SIGN_RELEASE_RATE_WINDOW_MS, which the sandbox's scaled-down limits set so that a pace planned
 * for minutes can be exercised in seconds.
 */
export function contentWindowMs(): number {
  const raw = Number(process.env.SIGN_RELEASE_RATE_WINDOW_MS)
  return Number.isFinite(raw) && raw > 0 ? raw : 60000
}
