/** mapLimit runs at most `limit` calls at once, keeps the input order, and stops at a failure. */
import { describe, expect, it } from '@jest/globals'
import { loopTurns, mapLimit, TaskPool } from '../../../src/util/pool.js'

/** A call that stays open until released, so the test decides the order calls finish in. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('mapLimit', () => {
  it('maps with bounded concurrency, keeping order', async () => {
    let running = 0
    let peak = 0
    const result = await mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      running++
      peak = Math.max(peak, running)
      await Promise.resolve()
      running--
      return n * 10
    })
    expect(result).toEqual([10, 20, 30, 40, 50])
    expect(peak).toBe(2)
  })

  it('keeps the input order when later items finish first', async () => {
    const gates = [gate(), gate(), gate()]
    const started: number[] = []
    const done = mapLimit(['a', 'b', 'c'], 3, async (item, index) => {
      started.push(index)
      await gates[index]?.promise
      return `${item}${index}`
    })
    gates[2]?.open()
    gates[1]?.open()
    gates[0]?.open()
    expect(await done).toEqual(['a0', 'b1', 'c2'])
    expect(started).toEqual([0, 1, 2])
  })

  it('starts the next item as soon as one finishes, never more than the limit', async () => {
    const gates = [gate(), gate(), gate()]
    const started: number[] = []
    const done = mapLimit([0, 1, 2], 2, async (n) => {
      started.push(n)
      await gates[n]?.promise
      return n
    })
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    gates[1]?.open()
    // Let the worker that finished item 1 pick up item 2.
    for (let i = 0; i < 5; i++) await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    gates[0]?.open()
    gates[2]?.open()
    expect(await done).toEqual([0, 1, 2])
  })

  it('handles no items and a limit larger than the list', async () => {
    expect(await mapLimit([], 4, () => Promise.resolve(1))).toEqual([])
    expect(await mapLimit([1], 8, (n) => Promise.resolve(n + 1))).toEqual([2])
  })

  it('rejects with the first failure', async () => {
    await expect(
      mapLimit([1, 2, 3], 1, (n) =>
        n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n)
      )
    ).rejects.toThrow('two')
  })

  it('starts no further item after a failure', async () => {
    const started: number[] = []
    await expect(
      mapLimit([1, 2, 3, 4], 1, (n) => {
        started.push(n)
        return n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n)
      })
    ).rejects.toThrow('two')
    expect(started).toEqual([1, 2])
  })
})

describe('TaskPool', () => {
  it('runs tasks added over time, at most `limit` at once, in the order added', async () => {
    const pool = new TaskPool(2)
    const gates = [gate(), gate(), gate()]
    const started: number[] = []
    const results = [0, 1, 2].map((n) =>
      pool.add(async () => {
        started.push(n)
        await gates[n]?.promise
        return n * 10
      })
    )
    expect(started).toEqual([0, 1])
    gates[1]?.open()
    expect(await results[1]).toBe(10)
    // The freed place goes to the next task once the finished one has settled.
    for (let i = 0; i < 5; i++) await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    gates[0]?.open()
    gates[2]?.open()
    await pool.drain()
    expect(await Promise.all(results)).toEqual([0, 10, 20])
  })

  it('drains at once when nothing was added', async () => {
    await expect(new TaskPool(3).drain()).resolves.toBeUndefined()
  })

  it('after a failure starts nothing queued, waits for the running task, and rethrows', async () => {
    const pool = new TaskPool(2)
    const slow = gate()
    const started: string[] = []
    let slowEnded = false
    void pool.add(async () => {
      started.push('slow')
      await slow.promise
      slowEnded = true
    })
    void pool.add(() => {
      started.push('failing')
      return Promise.reject(new Error('upload refused'))
    })
    void pool.add(() => {
      started.push('queued')
      return Promise.resolve()
    })
    const drained = pool.drain()
    await Promise.resolve()
    expect(() => pool.throwIfFailed()).toThrow('upload refused')
    expect(() => pool.add(() => Promise.resolve())).toThrow('upload refused')
    slow.open()
    await expect(drained).rejects.toThrow('upload refused')
    expect(slowEnded).toBe(true)
    expect(started).toEqual(['slow', 'failing'])
  })
})

describe('loopTurns', () => {
  it('resumes each caller in a turn of its own, with what was queued meanwhile run first', async () => {
    const turn = loopTurns()
    const order: string[] = []
    // Three steps wait for turns at once; each queues other work (as an upload's I/O would be)
    // when it runs. A step may only run after the work queued before it.
    await Promise.all(
      ['a', 'b', 'c'].map(async (step) => {
        await turn()
        order.push(step)
        setImmediate(() => order.push(`${step}'s work`))
      })
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['a', "a's work", 'b', "b's work", 'c', "c's work"])
  })
})
