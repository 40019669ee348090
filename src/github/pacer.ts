/**
 * Paces content-creating requests to GitHub's sliding windows (80 a minute, 500 an hour), so a run
 * with more writes than a minute allows waits exactly as long as the budget says instead of
 * collecting 403s: a write starts only when fewer than the limit were made within the window
 * before it. A finished write counts from the time its answer arrived (GitHub counted it before
 * answering, so that is never too early); one still in flight counts as made just now.
 */
import { setTimeout as sleep } from 'node:timers/promises'

export interface RateWindow {
  limit: number
  ms: number
}

export class WritePacer {
  private finished: number[] = []
  private inFlight = 0
  private turn: Promise<void> = Promise.resolve()
  private wakers: (() => void)[] = []
  private active = false

  constructor(
    private readonly windows: () => RateWindow[],
    private readonly now: () => number = () => performance.now()
  ) {}

  /** Off: writes go at once (a run whose writes fit in one window). */
  setActive(active: boolean): void {
    this.active = active
  }

  async run<T>(write: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await write()
    } finally {
      this.inFlight--
      this.finished.push(this.now())
      this.wakers.splice(0).forEach((wake) => wake())
    }
  }

  /** Waits for a free place in every window, first come first served. */
  private async acquire(): Promise<void> {
    const previous = this.turn
    let release = (): void => {}
    this.turn = new Promise((resolve) => (release = resolve))
    await previous
    try {
      for (let wait = this.delay(); wait > 0; wait = this.delay()) {
        const finishing = new Promise<void>((resolve) => this.wakers.push(resolve))
        await (Number.isFinite(wait) ? Promise.race([sleep(wait), finishing]) : finishing)
      }
      this.inFlight++
    } finally {
      release()
    }
  }

  /** Milliseconds until the next write fits (Infinity: only a write in flight finishing can help). */
  private delay(): number {
    if (!this.active) return 0
    const now = this.now()
    const windows = this.windows()
    const longest = Math.max(...windows.map((w) => w.ms))
    this.finished = this.finished.filter((t) => now - t < longest)
    let wait = 0
    for (const { limit, ms } of windows) {
      const recent = this.finished.filter((t) => now - t < ms)
      const over = recent.length + this.inFlight - limit + 1
      if (over <= 0) continue
      if (over > recent.length) return Infinity
      wait = Math.max(wait, (recent[over - 1] as number) + ms - now)
    }
    return wait
  }
}
