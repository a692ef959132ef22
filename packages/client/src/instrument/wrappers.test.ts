import { describe, expect, it } from 'vitest'
import { Counter } from '../counter.js'
import { Gauge } from '../gauge.js'
import { Histogram } from '../histogram.js'
import { Registry } from '../registry.js'
import { Summary } from '../summary.js'
import { countExceptions, timed, trackInProgress } from './wrappers.js'

const registers = (): Registry[] => [new Registry()]
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function histogramCount(h: Histogram<string>): Promise<{ count: number; sum: number }> {
  const values = (await h.get()).values
  const count = values.find((v) => v.metricName === 'h_seconds_count')?.value ?? NaN
  const sum = values.find((v) => v.metricName === 'h_seconds_sum')?.value ?? NaN
  return { count, sum }
}

describe('timed', () => {
  it('observes the duration of sync calls and passes results through', async () => {
    const h = new Histogram({ name: 'h_seconds', help: 'h', registers: registers() })
    const add = timed(h, (a: number, b: number) => a + b)
    expect(add(2, 3)).toBe(5)
    expect((await histogramCount(h)).count).toBe(1)
  })

  it('times async calls until they settle, keeping overlapping calls apart, failures included', async () => {
    const h = new Histogram({ name: 'h_seconds', help: 'h', registers: registers() })
    const wait = timed(h, async (ms: number) => {
      await sleep(ms)
      if (ms === 0) throw new Error('boom')
      return ms
    })
    const results = await Promise.all([wait(60), wait(20)])
    expect(results).toEqual([60, 20])
    await expect(wait(0)).rejects.toThrow('boom')
    const { count, sum } = await histogramCount(h)
    expect(count).toBe(3)
    expect(sum).toBeGreaterThanOrEqual(0.075)
    expect(sum).toBeLessThan(1)
  })

  it('works with a Summary and constant labels, and keeps `this`', async () => {
    const s = new Summary({ name: 's_seconds', help: 's', labelNames: ['op'], registers: registers() })
    const obj = {
      factor: 3,
      triple: timed(
        s,
        function (this: { factor: number }, x: number) {
          return this.factor * x
        },
        { labels: { op: 'triple' } },
      ),
    }
    expect(obj.triple(2)).toBe(6)
    const count = (await s.get()).values.find((v) => v.metricName === 's_seconds_count')
    expect(count).toMatchObject({ value: 1, labels: { op: 'triple' } })
  })
})

describe('trackInProgress', () => {
  it('counts calls running now and returns to zero after success and failure', async () => {
    const g = new Gauge({ name: 'in_progress', help: 'g', registers: registers() })
    let release: () => void = () => undefined
    const work = trackInProgress(
      g,
      (fail: boolean) =>
        new Promise<void>((resolve, reject) => {
          release = () => (fail ? reject(new Error('no')) : resolve())
        }),
    )
    const value = async (): Promise<number> => (await g.get()).values[0]?.value ?? NaN
    const first = work(false)
    const releaseFirst = release
    const second = work(true)
    expect(await value()).toBe(2)
    releaseFirst()
    await first
    expect(await value()).toBe(1)
    release()
    await expect(second).rejects.toThrow('no')
    expect(await value()).toBe(0)
    expect(() =>
      trackInProgress(g, () => {
        throw new Error('sync')
      })(),
    ).toThrow('sync')
    expect(await value()).toBe(0)
  })
})

describe('countExceptions', () => {
  it('counts sync throws and async rejections matching the filter, rethrowing them', async () => {
    const c = new Counter({ name: 'failures_total', help: 'c', labelNames: ['kind'], registers: registers() })
    class Timeout extends Error {}
    const risky = countExceptions(
      c,
      async (what: string) => {
        if (what === 'timeout') throw new Timeout('slow')
        if (what === 'other') throw new Error('other')
        return what
      },
      { labels: { kind: 'timeout' }, filter: (e) => e instanceof Timeout },
    )
    await expect(risky('ok')).resolves.toBe('ok')
    await expect(risky('timeout')).rejects.toThrow('slow')
    await expect(risky('other')).rejects.toThrow('other')
    const syncRisky = countExceptions(
      c,
      () => {
        throw new Timeout('sync')
      },
      { labels: { kind: 'timeout' } },
    )
    expect(() => syncRisky()).toThrow('sync')
    expect((await c.get()).values).toEqual([{ value: 2, labels: { kind: 'timeout' } }])
  })
})
