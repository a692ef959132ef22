import { Registry } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { ApiError } from './api-error.js'
import { QueryGate } from './query-gate.js'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('QueryGate', () => {
  it('runs at most max tasks at once and the rest in arrival order', async () => {
    const gate = new QueryGate(2)
    const order: number[] = []
    const blockers = [deferred(), deferred(), deferred(), deferred()]
    const runs = blockers.map((b, i) =>
      gate.run(new AbortController().signal, async () => {
        order.push(i)
        await b.promise
      }),
    )
    await new Promise((r) => setImmediate(r))
    expect([gate.active, gate.queued, order]).toEqual([2, 2, [0, 1]])
    blockers[1]?.resolve()
    await new Promise((r) => setImmediate(r))
    expect(order).toEqual([0, 1, 2])
    for (const b of blockers) b.resolve()
    await Promise.all(runs)
    expect([gate.active, gate.queued, order]).toEqual([0, 0, [0, 1, 2, 3]])
  })

  it('times a waiting query out as "query timed out in query queue" and counts it', async () => {
    const gate = new QueryGate(1)
    let timeouts = 0
    gate.onQueueTimeout = () => timeouts++
    const hold = deferred()
    const first = gate.admit(new AbortController().signal, 1000, () => hold.promise)
    const second = gate.admit(new AbortController().signal, 20, () => Promise.resolve())
    await expect(second).rejects.toMatchObject({
      errorType: 'timeout',
      message: 'query timed out in query queue',
    })
    await expect(second).rejects.toBeInstanceOf(ApiError)
    expect([timeouts, gate.queued]).toEqual([1, 0])
    hold.resolve()
    await first
    expect(gate.active).toBe(0)
  })

  it('drops a waiter whose client goes away, without counting a timeout', async () => {
    const gate = new QueryGate(1)
    let timeouts = 0
    gate.onQueueTimeout = () => timeouts++
    const hold = deferred()
    const first = gate.admit(new AbortController().signal, 1000, () => hold.promise)
    const client = new AbortController()
    const second = gate.admit(client.signal, 1000, () => Promise.resolve())
    client.abort(new Error('client disconnected'))
    await expect(second).rejects.toMatchObject({ errorType: 'canceled' })
    expect([timeouts, gate.queued]).toEqual([0, 0])
    hold.resolve()
    await first
  })

  it('exports the limit and the queries in flight', async () => {
    const registry = new Registry()
    const gate = new QueryGate(3, registry)
    const hold = deferred()
    const run = gate.run(new AbortController().signal, () => hold.promise)
    const text = await registry.metrics()
    expect(text).toContain('prometheus_engine_queries_concurrent_max 3')
    expect(text).toContain('prometheus_engine_queries 1')
    hold.resolve()
    await run
  })

  it('refuses a limit below one', () => {
    expect(() => new QueryGate(0)).toThrow(RangeError)
  })
})
