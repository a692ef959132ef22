import { describe, expect, it } from 'vitest'
import { QueryLimits } from './limits.js'

function busyFor(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // spin: a long evaluation between checks
  }
}

function checksUntilThrow(limits: QueryLimits, max: number): number | undefined {
  for (let i = 1; i <= max; i++) {
    try {
      limits.check()
    } catch {
      return i
    }
  }
  return undefined
}

describe('QueryLimits.check', () => {
  it.each([
    ['a deadline already past fails the first check', -1, false, 1],
    ['a deadline passed after a check fails within 16 more', 5, true, 16],
  ])('%s', (_case, timeoutMs, checkedBefore, within) => {
    const limits = new QueryLimits(1000, timeoutMs, undefined)
    if (checkedBefore) {
      limits.check()
      busyFor(timeoutMs * 2)
    }
    const n = checksUntilThrow(limits, 32)
    expect(n).toBeDefined()
    expect(n).toBeLessThanOrEqual(within)
  })

  it('passes while the deadline is ahead', () => {
    expect(checksUntilThrow(new QueryLimits(1000, 60_000, undefined), 100)).toBeUndefined()
  })

  it('fails the very next check once aborted', () => {
    const controller = new AbortController()
    const limits = new QueryLimits(1000, 60_000, controller.signal)
    limits.check()
    controller.abort()
    expect(checksUntilThrow(limits, 1)).toBe(1)
  })
})
