import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { GcCollector } from './gc-collector.js'

describe('GcCollector', () => {
  const collectors: GcCollector[] = []
  const make = (options?: ConstructorParameters<typeof GcCollector>[0]): GcCollector => {
    const c = new GcCollector(options)
    collectors.push(c)
    return c
  }
  afterEach(() => {
    for (const c of collectors.splice(0)) c.stop()
  })

  it('observes real collections by kind', async () => {
    const collector = make()
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    gc()
    // Observer callbacks are delivered asynchronously.
    for (let i = 0; i < 50 && collector.collect()[0]?.metrics.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const [family] = collector.collect()
    expect(family?.name).toBe('nodejs_gc_duration_seconds')
    expect(family?.type).toBe('histogram')
    const major = family?.metrics.find((m) => m.labels.kind === 'major')
    expect(major?.histogram?.count).toBeGreaterThanOrEqual(1)
    expect(major?.histogram?.sum).toBeGreaterThan(0)
    for (const metric of family?.metrics ?? []) {
      expect(['major', 'minor', 'incremental', 'weakcb']).toContain(metric.labels.kind)
    }
  })

  it.each([
    ['a fast pause', [0.0005], [1, 1, 1, 1, 1, 1, 1]],
    ['a pause on a bound', [0.01], [0, 1, 1, 1, 1, 1, 1]],
    ['a pause above every bound', [7], [0, 0, 0, 0, 0, 0, 1]],
    ['several pauses', [0.002, 0.05, 1.5, 0.0001], [1, 2, 3, 3, 4, 4, 4]],
  ])('accumulates cumulative buckets for %s', (_name, pauses, cumulative) => {
    const collector = make()
    collector.stop()
    for (const seconds of pauses) collector.observe('test', seconds)
    const metric = collector.collect()[0]?.metrics.find((m) => m.labels.kind === 'test')
    expect(metric?.histogram?.buckets.map((b) => b.upperBound)).toEqual([0.001, 0.01, 0.1, 1, 2, 5, Infinity])
    expect(metric?.histogram?.buckets.map((b) => b.cumulativeCount)).toEqual(cumulative)
    expect(metric?.histogram?.count).toBe(pauses.length)
    expect(metric?.histogram?.sum).toBeCloseTo(
      pauses.reduce((a, b) => a + b, 0),
      12,
    )
  })

  it('uses custom buckets, the prefix and constant labels', () => {
    const collector = make({ gcDurationBuckets: [0.5, 1], prefix: 'app_', labels: { pod: 'a' } })
    collector.stop()
    collector.observe('major', 0.7)
    const [family] = collector.collect()
    expect(family?.name).toBe('app_nodejs_gc_duration_seconds')
    const metric = family?.metrics.find((m) => m.labels.kind === 'major')
    expect(metric?.labels).toEqual({ kind: 'major', pod: 'a' })
    expect(metric?.histogram?.buckets).toEqual([
      { upperBound: 0.5, cumulativeCount: 0 },
      { upperBound: 1, cumulativeCount: 1 },
      { upperBound: Infinity, cumulativeCount: 1 },
    ])
  })

  it.each([
    ['descending buckets', { gcDurationBuckets: [1, 0.5] }, 'ERR_METRIC_CONFIG'],
    ['NaN buckets', { gcDurationBuckets: [Number.NaN] }, 'ERR_METRIC_CONFIG'],
    ['a label the collector sets', { labels: { kind: 'x' } }, 'ERR_INVALID_NAME'],
  ])('rejects %s', (_name, options, code) => {
    expect(() => make(options)).toThrow(expect.objectContaining({ code }))
  })
})
