/**
 * Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. After
 * a failure no further item starts (those already running finish); the result rejects with it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index] as T, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Tasks that arrive over time (each file as soon as it can go up), at most `limit` running at once,
 * started in the order they were added. After the first failure nothing new starts; `drain()` waits
 * for the running ones and rethrows it, so no task is left half-done by an early exit.
 */
export class TaskPool {
  private running = 0
  private readonly queue: (() => void)[] = []
  private failure: { error: unknown } | undefined
  private idle: (() => void)[] = []

  constructor(private readonly limit: number) {}

  /**
   * Queues `task`; the promise settles with it (callers may await it; a failure also reaches
   * `drain()`, so leaving it unawaited is safe).
   */
  add<T>(task: () => Promise<T>): Promise<T> {
    this.throwIfFailed()
    const result = new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        this.running++
        task()
          .then(resolve, (error: unknown) => {
            this.failure ??= { error }
            reject(error instanceof Error ? error : new Error(String(error)))
          })
          .finally(() => {
            this.running--
            this.pump()
          })
      })
    })
    result.catch(() => undefined)
    this.pump()
    return result
  }

  /** Throws the first failure, if a task has failed. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error
  }

  /** Resolves once every task added has run (or, after a failure, the running ones have ended). */
  async drain(): Promise<void> {
    if (!this.settled()) await new Promise<void>((resolve) => this.idle.push(resolve))
    this.throwIfFailed()
  }

  private settled(): boolean {
    return this.running === 0 && (this.queue.length === 0 || this.failure !== undefined)
  }

  private pump(): void {
    while (!this.failure && this.running < this.limit && this.queue.length > 0)
      this.queue.shift()?.()
    if (this.settled()) this.idle.splice(0).forEach((wake) => wake())
  }
}

/**
 * Turns of the event loop, handed out one at a time: each caller resumes in a turn of its own,
 * after the previous caller's, with the I/O that arrived in between handled first. For CPU-heavy
 * steps taken by many concurrent tasks, so that they do not pile up in one turn while sockets wait.
 */
export function loopTurns(): () => Promise<void> {
  let last = Promise.resolve()
  return () => {
    const mine = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    last = mine
    return mine
  }
}
