/** Human-readable sizes and durations for logs and the summary. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

/**
 * An untrusted name (asset, file, server text) for a log line: quoted, with control characters
 * escaped, so it can never start a new line that the runner would read as a workflow command.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0080-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/**
 * A safety net for raw log lines: a line that starts with `::` or `##[` would be read by the runner
 * as a workflow command, so it is prefixed with a space-like marker that stops that.
 */
export function neutralizeCommands(message: string): string {
  return message.replace(/^(\s*)(::|##\[)/gm, '$1\u2063$2')
}

/** The first line of a message from elsewhere (a server, a library), at most `max` characters. */
export function firstLine(text: string, max = 200): string {
  return (text.split('\n')[0] ?? '').slice(0, max)
}
