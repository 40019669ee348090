/**
 * The one clock of the Sigstore stand-ins. Every time they write (certificate validity, SCT,
 * integratedTime, TSA genTime) is a whole second: @sigstore/core rejects a genTime with other than
 * three fractional digits, and Rekor's integratedTime is whole seconds anyway.
 */
export type Clock = () => Date

export function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

/** Wraps a clock so that whatever it returns is truncated to the second. */
export function wholeSecondClock(source: Clock = () => new Date()): Clock {
  return () => wholeSecond(source())
}

export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

/** RFC 3339 without fractional seconds, as Sigstore's trust roots write times. */
export function rfc3339(date: Date): string {
  return wholeSecond(date).toISOString().replace('.000Z', 'Z')
}
