/** What stages may say; `run()` backs it with @actions/core, tests with an array. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Runs `fn` inside a collapsible group of the job log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

export const silentLog: Log = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_title, fn) => fn()
}
