import { describe, expect, it } from 'vitest'
import { AlertQueue } from './alert-queue.js'
import { names, testAlerts } from './test-alerts.test-fixtures.js'

describe('AlertQueue', () => {
  it.each([
    // capacity, pushes (sizes), dropped per push, what remains (oldest first)
    [5, [3], [0], ['p0a0', 'p0a1', 'p0a2']],
    [5, [3, 2], [0, 0], ['p0a0', 'p0a1', 'p0a2', 'p1a0', 'p1a1']],
    [5, [3, 4], [0, 2], ['p0a2', 'p1a0', 'p1a1', 'p1a2', 'p1a3']],
    [5, [5, 5], [0, 5], ['p1a0', 'p1a1', 'p1a2', 'p1a3', 'p1a4']],
    // A batch bigger than the queue keeps its newest alerts and drops all queued ones.
    [3, [2, 5], [0, 4], ['p1a2', 'p1a3', 'p1a4']],
  ])('capacity %i, pushes %j: drops %j and keeps the newest', (capacity, pushes, dropped, kept) => {
    const queue = new AlertQueue(capacity)
    const got = pushes.map((n, i) => queue.push(testAlerts(n, `p${i}a`)))
    expect(got).toEqual(dropped)
    expect(queue.length).toBe(kept.length)
    expect(names(queue.take(100))).toEqual(kept)
    expect(queue.length).toBe(0)
  })

  it('takes in batches, oldest first, wrapping around the ring', () => {
    const queue = new AlertQueue(4)
    queue.push(testAlerts(3, 'x'))
    expect(names(queue.take(2))).toEqual(['x0', 'x1'])
    queue.push(testAlerts(3, 'y'))
    expect(names(queue.take(2))).toEqual(['x2', 'y0'])
    expect(names(queue.take(2))).toEqual(['y1', 'y2'])
    expect(queue.take(2)).toEqual([])
  })

  it('clear() empties the queue and says how many it held', () => {
    const queue = new AlertQueue(10)
    queue.push(testAlerts(7))
    expect(queue.clear()).toBe(7)
    expect(queue.length).toBe(0)
  })

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s', (capacity) => {
    expect(() => new AlertQueue(capacity)).toThrow(RangeError)
  })
})
