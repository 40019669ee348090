/** Orders by name in code-unit order, as `sort` does for strings: stable across locales. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}
