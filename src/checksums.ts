/** The checksums file: `sha256sum` format, one line per signed file, sorted by name. */
import { byName } from './util/sort.js'

export function renderChecksums(subjects: readonly { name: string; sha256: string }[]): Buffer {
  const lines = [...subjects].sort(byName).map((s) => `${s.sha256}  ${s.name}\n`)
  return Buffer.from(lines.join(''))
}

const LINE = /^([0-9a-f]{64}) [ *](.+)$/

/** Digests by name, as `sha256sum -c` reads them (text or binary mode); other lines are ignored. */
export function parseChecksums(text: string): Map<string, string> {
  const digests = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = LINE.exec(line)
    if (match?.[1] && match[2]) digests.set(match[2], match[1])
  }
  return digests
}

/** Whether every line is `sha256sum` output: 64 hex digits, a separator, a name. */
export function isChecksumsText(content: Buffer): boolean {
  const lines = content.toString('utf8').split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines.every((line) => LINE.test(line))
}
