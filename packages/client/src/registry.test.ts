import { describe, expect, it } from 'vitest'
import { decodeProtobuf } from '@watchfire/model'
import type { MetricFamily } from '@watchfire/model'
import type { Collector } from './collector.js'
import { Counter } from './counter.js'
import { CollectError, ContentTypeError, DuplicateMetricError } from './errors.js'
import { Gauge } from './gauge.js'
import { Histogram } from './histogram.js'
import { Registry, contentType, register } from './registry.js'

const OM = Registry.OPENMETRICS_CONTENT_TYPE
const TEXT = Registry.PROMETHEUS_CONTENT_TYPE

function family(name: string, value = 1): MetricFamily {
  return {
    name,
    help: 'From a collector.',
    type: 'gauge',
    unit: '',
    metrics: [{ labels: { src: 'c' }, value }],
  }
}

describe('Registry', () => {
  it('exposes prom-client content types', () => {
    expect(TEXT).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(OM).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    expect(new Registry().contentType).toBe(TEXT)
    expect(new Registry(OM).contentType).toBe(OM)
  })

  it.each([
    ['the constructor', () => new Registry('text/html' as typeof TEXT)],
    ['setContentType', () => new Registry().setContentType('application/json' as typeof TEXT)],
  ])('refuses unknown content types in %s', (_, call) => {
    expect(call).toThrow(ContentTypeError)
    expect(call).toThrow(/cannot use content type/)
  })

  it('refuses a second metric with the same name, naming it', () => {
    const r = new Registry()
    const first = new Counter({ name: 'jobs_total', help: 'h', registers: [r] })
    const make = () => new Gauge({ name: 'jobs_total', help: 'h', registers: [r] })
    expect(make).toThrow(DuplicateMetricError)
    expect(make).toThrow(/cannot register metric jobs_total \(a metric with the name jobs_total/)
    r.registerMetric(first) // the same object again is fine
    expect(r.getMetricsAsArray()).toEqual([first])
  })

  it('gets, removes, clears and resets metrics', async () => {
    const r = new Registry()
    const c = new Counter({ name: 'a_total', help: 'h', registers: [r] })
    const g = new Gauge({ name: 'b', help: 'h', registers: [r] })
    c.inc(3)
    g.set(4)
    expect(r.getSingleMetric('a_total')).toBe(c)
    expect(r.getSingleMetric('nope')).toBeUndefined()
    r.resetMetrics()
    expect((await r.getMetricsAsJSON()).map((m) => m.values[0]?.value)).toEqual([0, 0])
    r.removeSingleMetric('a_total')
    expect(r.getMetricsAsArray()).toEqual([g])
    r.setDefaultLabels({ env: 'x' })
    r.registerCollector({ collect: () => [family('c')] })
    r.clear()
    expect(r.getMetricsAsArray()).toEqual([])
    expect(await r.collect()).toEqual([])
  })

  it('collects metrics after their sync and async collect callbacks, then collectors', async () => {
    const r = new Registry()
    new Gauge({
      name: 'sync',
      help: 'h',
      registers: [r],
      collect() {
        this.set(1)
      },
    })
    new Gauge({
      name: 'async',
      help: 'h',
      registers: [r],
      async collect() {
        await Promise.resolve()
        this.set(2)
      },
    })
    r.registerCollector({ collect: async () => [family('from_collector', 3)] })
    const families = await r.collect()
    expect(families.map((f) => [f.name, f.metrics[0]?.value])).toEqual([
      ['sync', 1],
      ['async', 2],
      ['from_collector', 3],
    ])
  })

  it.each([
    [
      'a throwing callback',
      () => {
        throw new Error('boom')
      },
    ],
    ['a rejecting callback', () => Promise.reject(new Error('boom'))],
  ])('reports %s with the metric name and the cause', async (_, collect) => {
    const r = new Registry()
    new Gauge({ name: 'fragile', help: 'h', registers: [r], collect })
    const err = await r.metrics().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CollectError)
    expect((err as CollectError).message).toBe(
      'cannot collect metric fragile (its collect callback failed: boom)',
    )
    expect((err as CollectError).cause).toBeInstanceOf(Error)
  })

  it('reports a failing collector and a family name clash', async () => {
    class BrokenCollector implements Collector {
      collect(): MetricFamily[] {
        throw new Error('no /proc')
      }
    }
    const r = new Registry()
    r.registerCollector(new BrokenCollector())
    await expect(r.collect()).rejects.toThrow(
      'cannot collect from collector #0 (BrokenCollector failed: no /proc)',
    )
    const clash = new Registry()
    new Gauge({ name: 'dup', help: 'h', registers: [clash] })
    clash.registerCollector({ collect: () => [family('dup')] })
    await expect(clash.collect()).rejects.toThrow(/two sources produce a family named dup/)
  })

  it('unregisters collectors and ignores a second registration', async () => {
    const r = new Registry()
    const c: Collector = { collect: () => [family('x')] }
    r.registerCollector(c)
    r.registerCollector(c)
    expect(await r.collect()).toHaveLength(1)
    r.unregisterCollector(c)
    expect(await r.collect()).toHaveLength(0)
    expect(() => r.registerCollector({} as Collector)).toThrow(/has no collect\(\) method/)
  })

  it('adds default labels without overriding series labels and keeps one record per series', async () => {
    const r = new Registry()
    const c = new Counter({ name: 'x_total', help: 'h', labelNames: ['env', 'a'], registers: [r] })
    c.inc({ a: '1' })
    c.inc({ a: '2', env: 'own' })
    c.inc({ a: '3', env: '' })
    r.setDefaultLabels({ env: 'prod', region: 'eu' })
    const first = await r.collect()
    const second = await r.collect()
    expect(first[0]?.metrics.map((m) => m.labels)).toEqual([
      { a: '1', env: 'prod', region: 'eu' },
      { env: 'own', a: '2', region: 'eu' },
      { env: 'prod', a: '3', region: 'eu' },
    ])
    expect(second[0]?.metrics[0]?.labels).toBe(first[0]?.metrics[0]?.labels)
    const json = await r.getMetricsAsJSON()
    expect(json[0]?.values.map((v) => v.labels)).toEqual([
      { a: '1', env: 'prod', region: 'eu' },
      { env: 'own', a: '2', region: 'eu' },
      { env: 'prod', a: '3', region: 'eu' },
    ])
  })

  it('reuses one frozen labels record per series across scrapes', async () => {
    const r = new Registry()
    const c = new Counter({ name: 'x_total', help: 'h', labelNames: ['a'], registers: [r] })
    c.inc({ a: '1' })
    const [a] = await r.collect()
    c.inc({ a: '1' })
    const [b] = await r.collect()
    expect(b?.metrics[0]?.labels).toBe(a?.metrics[0]?.labels)
    expect(Object.isFrozen(a?.metrics[0]?.labels)).toBe(true)
  })

  it('merges registries and refuses duplicate names or mixed content types', async () => {
    const a = new Registry()
    const b = new Registry()
    new Counter({ name: 'a_total', help: 'h', registers: [a] })
    new Counter({ name: 'b_total', help: 'h', registers: [b] })
    b.registerCollector({ collect: () => [family('c')] })
    const merged = Registry.merge([a, b])
    expect((await merged.collect()).map((f) => f.name)).toEqual(['a_total', 'b_total', 'c'])
    const dup = new Registry()
    new Counter({ name: 'a_total', help: 'h', registers: [dup] })
    expect(() => Registry.merge([a, dup])).toThrow(DuplicateMetricError)
    expect(() => Registry.merge([a, dup])).toThrow(/metric a_total is registered in more than one/)
    expect(() => Registry.merge([a, new Registry(OM)])).toThrow(ContentTypeError)
  })

  it('keeps the exported contentType in step with the global registry', () => {
    expect(contentType).toBe(TEXT)
    register.setContentType(OM)
    try {
      expect(contentType).toBe(OM)
    } finally {
      register.setContentType(TEXT)
    }
    expect(contentType).toBe(TEXT)
  })

  it('registers metrics with the global registry by default', () => {
    const h = new Histogram({ name: 'registry_test_default_seconds', help: 'h' })
    try {
      expect(register.getSingleMetric('registry_test_default_seconds')).toBe(h)
    } finally {
      register.removeSingleMetric('registry_test_default_seconds')
    }
  })
})

describe('Registry.serialize', () => {
  function registry(type?: typeof TEXT | typeof OM) {
    const r = new Registry<typeof TEXT | typeof OM>(type)
    const c = new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [r] })
    c.inc(2)
    return r
  }

  it.each([
    [undefined, TEXT, '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total 2\n'],
    ['text/plain;version=0.0.4', TEXT, '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total 2\n'],
    ['*/*', TEXT, 'jobs_total 2\n'],
    ['application/openmetrics-text;version=1.0.0,text/plain;q=0.5', OM, '# TYPE jobs counter\n'],
  ])('negotiates %s', async (accept, type, fragment) => {
    const { contentType, body } = await registry().serialize(accept)
    expect(contentType).toBe(type)
    expect(body).toContain(fragment)
  })

  it('answers in the registry content type without an Accept header', async () => {
    const { contentType, body } = await registry(OM).serialize()
    expect(contentType).toBe(OM)
    expect(body).toMatch(/jobs_total 2\n[\s\S]*# EOF\n$/)
  })

  it('encodes delimited protobuf when asked', async () => {
    const accept =
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited'
    const { contentType, body } = await registry().serialize(accept)
    expect(contentType).toContain('application/vnd.google.protobuf')
    expect(body).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(body as Uint8Array).includes('jobs_total')).toBe(true)
  })

  it('metrics() follows setContentType', async () => {
    const r = registry()
    expect(await r.metrics()).not.toContain('# EOF')
    r.setContentType(OM)
    expect(await r.metrics()).toMatch(/# TYPE jobs counter\n[\s\S]*jobs_total 2\n[\s\S]*# EOF\n$/)
  })
})

describe('Registry exposition of our extensions', () => {
  const PROTOBUF =
    'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited'

  it('carries native histogram buckets beside classic ones through protobuf', async () => {
    const r = new Registry()
    const h = new Histogram({
      name: 'rpc_seconds',
      help: 'h',
      buckets: [1],
      nativeHistogram: { schema: 2 },
      registers: [r],
    })
    h.observe(0.5)
    h.observe(3)
    const { body } = await r.serialize(PROTOBUF)
    const [family] = decodeProtobuf(body as Uint8Array)
    const value = family?.metrics[0]?.histogram
    expect(value?.buckets.map((b) => [b.upperBound, b.cumulativeCount])).toEqual([
      [1, 1],
      [Infinity, 2],
    ])
    expect(value?.native).toMatchObject({ schema: 2, count: 2, sum: 3.5 })
  })

  it('exposes exemplars, units and created timestamps in OpenMetrics', async () => {
    const r = new Registry(OM)
    const c = new Counter({
      name: 'io_bytes_total',
      help: 'h',
      unit: 'bytes',
      enableExemplars: true,
      registers: [r],
    })
    c.inc({ value: 4, exemplarLabels: { trace_id: 'abc' } })
    const text = await r.metrics()
    expect(text).toContain('# UNIT io_bytes bytes\n')
    expect(text).toMatch(/^io_bytes_total 4 # \{trace_id="abc"\} 4 \d+(\.\d+)?$/m)
    expect(text).toMatch(/^io_bytes_created \d+(\.\d+)?$/m)
  })
})
