import { describe, expect, it, vi } from 'vitest'
import { InvalidValueError } from './errors.js'
import { Gauge } from './gauge.js'

function gauge<T extends string>(labelNames: readonly T[] = []) {
  return new Gauge({ name: 'queue_depth', help: 'Depth.', labelNames, registers: [] })
}

async function values(g: Gauge<string>) {
  return (await g.get()).values.map((v) => ({ labels: v.labels, value: v.value }))
}

describe('Gauge', () => {
  it('sets, increments and decrements the unlabelled series', async () => {
    const g = gauge()
    g.set(10)
    g.inc()
    g.inc(4)
    g.dec()
    g.dec(2.5)
    expect(await values(g)).toEqual([{ labels: {}, value: 11.5 }])
  })

  it('does the same per label set and through children', async () => {
    const g = gauge(['pool'] as const)
    g.set({ pool: 'a' }, 3)
    g.inc({ pool: 'a' })
    g.dec({ pool: 'b' }, 2)
    const child = g.labels('c')
    child.set(7)
    child.inc(1)
    child.dec(3)
    expect(await values(g)).toEqual([
      { labels: { pool: 'a' }, value: 4 },
      { labels: { pool: 'b' }, value: -2 },
      { labels: { pool: 'c' }, value: 5 },
    ])
  })

  it.each([NaN, Infinity, -Infinity])('allows set(%s)', async (v) => {
    const g = gauge()
    g.set(v)
    expect((await values(g))[0]?.value).toBe(v)
  })

  it.each([
    [
      'set to a string',
      (g: Gauge<string>) => g.set('1' as unknown as number),
      /cannot set gauge queue_depth \(value 1 is not a number\)/,
    ],
    [
      'increment by NaN',
      (g: Gauge<string>) => g.inc(NaN),
      /cannot increment gauge queue_depth \(value NaN is not finite\)/,
    ],
    [
      'decrement by Infinity',
      (g: Gauge<string>) => g.dec(Infinity),
      /cannot decrement gauge queue_depth \(value Infinity is not finite\)/,
    ],
  ])('rejects %s', (_, call, message) => {
    const g = gauge()
    expect(() => call(g)).toThrow(InvalidValueError)
    expect(() => call(g)).toThrow(message)
  })

  it('setToCurrentTime sets seconds since the epoch', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_500 })
    try {
      const g = gauge(['a'])
      g.setToCurrentTime()
      g.setToCurrentTime({ a: 'x' })
      g.labels('y').setToCurrentTime()
      expect((await values(g)).map((v) => v.value)).toEqual([
        1_700_000_000.5, 1_700_000_000.5, 1_700_000_000.5,
      ])
    } finally {
      vi.useRealTimers()
    }
  })

  it('startTimer sets the elapsed seconds, merging start and end labels', async () => {
    const g = gauge(['a', 'b'])
    const now = vi.spyOn(performance, 'now')
    try {
      now.mockReturnValueOnce(1_000).mockReturnValueOnce(3_500)
      const end = g.startTimer({ a: 'x' })
      expect(end({ b: 'y' })).toBe(2.5)
      now.mockReturnValueOnce(0).mockReturnValueOnce(250)
      const endChild = g.labels('p', 'q').startTimer()
      expect(endChild()).toBe(0.25)
      now.mockReturnValueOnce(0).mockReturnValueOnce(500)
      expect(g.labels('p', 'q').startTimer()({ b: 'r' })).toBe(0.5)
    } finally {
      now.mockRestore()
    }
    expect(await values(g)).toEqual([
      { labels: { a: 'x', b: 'y' }, value: 2.5 },
      { labels: { a: 'p', b: 'q' }, value: 0.25 },
      { labels: { a: 'p', b: 'r' }, value: 0.5 },
    ])
  })

  it('exposes no created timestamp', () => {
    const g = gauge()
    expect(g.snapshot()).toEqual({
      name: 'queue_depth',
      help: 'Depth.',
      type: 'gauge',
      unit: '',
      metrics: [{ labels: {}, value: 0 }],
    })
  })

  it('runs the collect callback with the gauge as this before get()', async () => {
    const g = new Gauge({
      name: 'x',
      help: 'h',
      registers: [],
      collect() {
        this.set(42)
      },
    })
    expect((await g.get()).values[0]?.value).toBe(42)
  })
})
