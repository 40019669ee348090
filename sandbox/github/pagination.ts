/**
 * GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), with an
 * RFC 8288 `Link` header naming the `prev`, `next`, `last` and `first` pages, in GitHub's order.
 */

export interface Page<T> {
  items: T[]
  link: string | undefined
}

export function linkHeader(page: Page<unknown>): Record<string, string> {
  return page.link === undefined ? {} : { link: page.link }
}

export function paginate<T>(all: readonly T[], url: URL, baseUrl: string): Page<T> {
  const perPage = clamp(Number(url.searchParams.get('per_page') ?? 30), 30, 100)
  const page = clamp(Number(url.searchParams.get('page') ?? 1), 1, Number.MAX_SAFE_INTEGER)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const items = all.slice((page - 1) * perPage, page * perPage)
  const rels: [string, number][] = []
  if (page > 1) rels.push(['prev', Math.min(page - 1, last)])
  if (page < last) rels.push(['next', page + 1], ['last', last])
  if (page > 1) rels.push(['first', 1])
  const link = rels.map(([rel, n]) => `<${pageUrl(url, baseUrl, n)}>; rel="${rel}"`).join(', ')
  return { items, link: link === '' ? undefined : link }
}

/** The same request for another page, on the service's public URL. */
function pageUrl(url: URL, baseUrl: string, page: number): string {
  const target = new URL(url.pathname + url.search, baseUrl)
  target.searchParams.set('page', String(page))
  return target.toString()
}

/** A positive integer within `max`, or `fallback` when absent or nonsense. */
function clamp(value: number, fallback: number, max: number): number {
  if (!Number.isFinite(value) || value < 1) return fallback
  return Math.min(Math.floor(value), max)
}

/**
 * Cursor pagination (the attestations endpoints): `per_page`, and `after`/`before` cursors taken
 * from the `next`/`prev` links.
 */
export function paginateByCursor<T>(
  all: readonly T[],
  url: URL,
  baseUrl: string,
  cursorOf: (item: T) => string
): Page<T> {
  const perPage = clamp(Number(url.searchParams.get('per_page') ?? 30), 30, 100)
  const after = url.searchParams.get('after')
  const before = url.searchParams.get('before')
  const index = (cursor: string): number => all.findIndex((item) => cursorOf(item) === cursor)
  let start = after === null ? 0 : index(after) + 1
  if (before !== null && after === null) start = Math.max(0, index(before) - perPage)
  const end = before !== null && after === null ? Math.max(0, index(before)) : start + perPage
  const items = all.slice(start, end)
  const first = items[0]
  const last = items[items.length - 1]
  const rels: string[] = []
  const link = (rel: string, key: string, cursor: string): string => {
    const target = new URL(url.pathname + url.search, baseUrl)
    target.searchParams.delete('after')
    target.searchParams.delete('before')
    target.searchParams.set(key, cursor)
    return `<${target.toString()}>; rel="${rel}"`
  }
  if (last !== undefined && end < all.length) rels.push(link('next', 'after', cursorOf(last)))
  if (first !== undefined && start > 0) rels.push(link('prev', 'before', cursorOf(first)))
  return { items, link: rels.length === 0 ? undefined : rels.join(', ') }
}
