/**
 * Files that hold Sigstore bundles: a `.sigstore.json` (one bundle) or an in-toto JSON Lines file
 * (`.intoto.jsonl`, one bundle per line, ours always with exactly one). What counts is the first.
 */
import type { SerializedBundle } from '@sigstore/bundle'

/** The first line of a file's text: the whole of a bundle, or a JSON Lines file's first bundle. */
export function firstLine(content: Buffer): string {
  return content.toString('utf8').split('\n')[0] ?? ''
}

/** The first Sigstore bundle of a file, or undefined when it does not start with one. */
export function firstBundle(content: Buffer): SerializedBundle | undefined {
  try {
    const first = JSON.parse(firstLine(content)) as unknown
    const mediaType = (first as { mediaType?: unknown } | null)?.mediaType
    return typeof mediaType === 'string' &&
      mediaType.startsWith('application/vnd.dev.sigstore.bundle')
      ? (first as SerializedBundle)
      : undefined
  } catch {
    return undefined
  }
}
