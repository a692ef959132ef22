import { describe, expect, it } from 'vitest'
import { EventLoopYield } from './event-loop-yield.js'

function busyFor(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // spin: the work a rule evaluation does
  }
}

describe('EventLoopYield', () => {
  it.each([
    ['lets a due callback run once the slice is used up', 5, 10, true],
    ['keeps going while the slice lasts', 1000, 1, false],
  ])('%s', async (_case, sliceMs, workMs, wantRan) => {
    const y = new EventLoopYield(sliceMs)
    let ran = false
    setImmediate(() => (ran = true))
    busyFor(workMs)
    await y.maybeYield()
    expect(ran).toBe(wantRan)
  })
})
