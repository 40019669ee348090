/** GitHub's documented limits on releases: what the plan budgets for and the client paces to. */
export const MAX_ASSETS_PER_RELEASE = 1000
/** Secondary limits on content-creating requests (uploads, deletes, renames, publishing). */
export const CONTENT_REQUESTS_PER_MINUTE = 80
export const CONTENT_REQUESTS_PER_HOUR = 500
