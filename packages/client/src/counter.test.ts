import { describe, expect, it, vi } from 'vitest'
import { Counter } from './counter.js'
import { InvalidValueError, LabelError, MetricConfigError } from './errors.js'
import { Registry } from './registry.js'

function counter<T extends string>(labelNames: readonly T[] = [], extra: { enableExemplars?: boolean } = {}) {
  const registry = new Registry()
  const c = new Counter({
    name: 'requests_total',
    help: 'Requests.',
    labelNames,
    registers: [registry],
    ...extra,
  })
  return { c, registry }
}

async function values(c: Counter<string>) {
  return (await c.get()).values.map((v) => ({ labels: v.labels, value: v.value }))
}

describe('Counter', () => {
  it('starts the unlabelled series at zero and adds 1 or the given value', async () => {
    const { c } = counter()
    expect(await values(c)).toEqual([{ labels: {}, value: 0 }])
    c.inc()
    c.inc(2.5)
    c.inc(0)
    expect(await values(c)).toEqual([{ labels: {}, value: 3.5 }])
  })

  it('adds per label set through inc(labels, value), labels(values) and labels(record)', async () => {
    const { c } = counter(['method', 'code'] as const)
    c.inc({ method: 'GET', code: '200' })
    c.inc({ code: 200, method: 'GET' }, 2)
    c.labels('GET', '200').inc()
    c.labels({ method: 'POST', code: '500' }).inc(4)
    expect(await values(c)).toEqual([
      { labels: { method: 'GET', code: '200' }, value: 4 },
      { labels: { method: 'POST', code: '500' }, value: 4 },
    ])
  })

  it('returns the same cached child for the same label values', () => {
    const { c } = counter(['method'])
    expect(c.labels('GET')).toBe(c.labels({ method: 'GET' }))
  })

  it.each([
    [
      'a negative increment',
      (c: Counter<string>) => c.inc(-1),
      InvalidValueError,
      /cannot increment counter requests_total by -1 \(counters only go up\)/,
    ],
    ['NaN', (c: Counter<string>) => c.inc(NaN), InvalidValueError, /by NaN \(not finite\)/],
    ['Infinity', (c: Counter<string>) => c.inc(Infinity), InvalidValueError, /by Infinity \(not finite\)/],
    [
      'a string',
      (c: Counter<string>) => c.inc('2' as unknown as number),
      InvalidValueError,
      /by 2 \(not a number\)/,
    ],
    [
      'an undeclared label',
      (c: Counter<string>) => c.inc({ foo: 'x' }),
      LabelError,
      /label "foo" on metric requests_total/,
    ],
    [
      'a wrong label count',
      (c: Counter<string>) => c.labels('a', 'b'),
      LabelError,
      /got 2 label values for 1 label names: method/,
    ],
  ])('rejects %s at the call', (_, call, type, message) => {
    const { c } = counter(['method'] as string[])
    expect(() => call(c)).toThrow(type)
    expect(() => call(c)).toThrow(message)
  })

  it('keeps state unchanged when an increment is rejected', async () => {
    const { c } = counter()
    c.inc(2)
    expect(() => c.inc(-1)).toThrow()
    expect(await values(c)).toEqual([{ labels: {}, value: 2 }])
  })

  it('remove drops a series; a held child brings it back from zero', async () => {
    const { c } = counter(['method'])
    const get = c.labels('GET')
    get.inc(5)
    c.inc({ method: 'POST' })
    c.remove('GET')
    expect(await values(c)).toEqual([{ labels: { method: 'POST' }, value: 1 }])
    get.inc()
    expect(await values(c)).toEqual([
      { labels: { method: 'POST' }, value: 1 },
      { labels: { method: 'GET' }, value: 1 },
    ])
    c.remove({ method: 'POST' })
    expect(await values(c)).toEqual([{ labels: { method: 'GET' }, value: 1 }])
  })

  it('reset drops labelled series, zeroes the unlabelled one and restarts created timestamps', async () => {
    vi.useFakeTimers({ now: 1_000 })
    try {
      const { c } = counter()
      c.inc(3)
      expect(c.snapshot().metrics[0]?.createdMs).toBe(1_000)
      vi.setSystemTime(5_000)
      c.reset()
      expect(await values(c)).toEqual([{ labels: {}, value: 0 }])
      expect(c.snapshot().metrics[0]?.createdMs).toBe(5_000)
      const labelled = counter(['a']).c
      labelled.inc({ a: 'x' })
      labelled.reset()
      expect(await values(labelled)).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })

  it('zero creates a series at zero', async () => {
    const { c } = counter(['a'])
    c.zero({ a: 'x' })
    expect(await values(c)).toEqual([{ labels: { a: 'x' }, value: 0 }])
  })

  it('records exemplars with enableExemplars and exposes them in the family', () => {
    vi.useFakeTimers({ now: 1_500 })
    try {
      const { c } = counter(['a'], { enableExemplars: true })
      c.inc({ labels: { a: 'x' }, value: 2, exemplarLabels: { trace_id: 'abc' } })
      c.inc({ labels: { a: 'x' } })
      expect(c.snapshot().metrics).toEqual([
        {
          labels: { a: 'x' },
          value: 3,
          createdMs: 1_500,
          exemplar: { labels: { trace_id: 'abc' }, value: 2, timestampMs: 1_500 },
        },
      ])
    } finally {
      vi.useRealTimers()
    }
  })

  it('still takes the label-record forms with enableExemplars', async () => {
    const { c } = counter(['a'], { enableExemplars: true })
    c.inc({ a: 'x' })
    c.inc({ a: 'x' }, 2)
    c.labels('x').inc()
    expect(await values(c)).toEqual([{ labels: { a: 'x' }, value: 4 }])
  })

  it('rejects exemplar labels longer than 128 characters', () => {
    const { c } = counter([], { enableExemplars: true })
    expect(() => c.inc({ exemplarLabels: { trace_id: 'x'.repeat(121) } })).toThrow(/more than 128/)
  })

  it.each([
    [{ name: 'requests_total', help: '' }, MetricConfigError, /missing mandatory help/],
    [{ name: '', help: 'h' }, MetricConfigError, /missing mandatory name/],
    [{ name: 'bad-name', help: 'h' }, Error, /cannot create counter "bad-name" \(invalid metric name\)/],
    [{ name: 'x', help: 'h', labelNames: ['ok', 'bad-label'] }, Error, /invalid label name "bad-label"/],
    [{ name: 'x', help: 'h', labelNames: ['__internal'] }, Error, /label name __internal is reserved/],
    [{ name: 'x', help: 'h', labelNames: ['a', 'a'] }, MetricConfigError, /duplicate label names/],
    [{ name: 'x', help: 'h', aggregator: 'median' }, MetricConfigError, /unknown aggregator median/],
    [{ name: 'x_total', help: 'h', unit: 'seconds' }, MetricConfigError, /name must end with _seconds/],
  ])('rejects the configuration %j', (config, type, message) => {
    const make = () => new Counter({ registers: [], ...(config as { name: string; help: string }) })
    expect(make).toThrow(type)
    expect(make).toThrow(message)
  })

  it('carries a unit that the name spells before _total', () => {
    const c = new Counter({ name: 'io_seconds_total', help: 'h', unit: 'seconds', registers: [] })
    expect(c.snapshot()).toMatchObject({ name: 'io_seconds_total', type: 'counter', unit: 'seconds' })
  })

  it('registers with the given registries only', () => {
    const a = new Registry()
    const b = new Registry()
    const c = new Counter({ name: 'x', help: 'h', registers: [a] })
    expect(a.getSingleMetric('x')).toBe(c)
    expect(b.getSingleMetric('x')).toBeUndefined()
  })
})
