/** The checksums file: `sha256sum` format, one line per signed asset, sorted by name. */
export function renderChecksums(subjects: readonly { name: string; sha256: string }[]): Buffer {
  const lines = [...subjects]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => `${s.sha256}  ${s.name}\n`)
  return Buffer.from(lines.join(''))
}
