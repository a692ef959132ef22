import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Counter } from '../counter.js'
import { Gauge } from '../gauge.js'
import { Histogram } from '../histogram.js'
import { Registry } from '../registry.js'
import { AggregatorRegistry } from './aggregator-registry.js'
import { enableMultiprocess } from './writer.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function workerJSON(value: number): Promise<object> {
  const registry = new Registry()
  new Counter({ name: 'c_total', help: 'h', labelNames: ['k'], registers: [registry] }).inc({ k: 'a' }, value)
  new Gauge({ name: 'g_max', help: 'h', aggregator: 'max', registers: [registry] }).set(value)
  new Gauge({ name: 'g_omit', help: 'h', aggregator: 'omit', registers: [registry] }).set(value)
  new Histogram({ name: 'h', help: 'h', buckets: [5], registers: [registry] }).observe(value)
  return registry.getMetricsAsJSON()
}

describe('AggregatorRegistry', () => {
  it('aggregates getMetricsAsJSON() results by aggregator, as prom-client does', async () => {
    const registry = AggregatorRegistry.aggregate([await workerJSON(2), await workerJSON(7)])
    expect(await registry.metrics()).toBe(
      [
        '# HELP c_total h',
        '# TYPE c_total counter',
        'c_total{k="a"} 9',
        '# HELP g_max h',
        '# TYPE g_max gauge',
        'g_max 7',
        '# HELP h h',
        '# TYPE h histogram',
        'h_bucket{le="5"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 9',
        'h_count 2',
        '',
      ].join('\n'),
    )
  })

  it('serves clusterMetrics() from the shared directory', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'watchfire-agg-'))
    dirs.push(directory)
    const shared = new Registry()
    new Counter({ name: 'shared_total', help: 'h', registers: [shared] }).inc(3)
    const writer = enableMultiprocess({ directory, registers: [shared] })
    try {
      writer.flush()
      const aggregator = new AggregatorRegistry(undefined, { directory })
      expect(await aggregator.clusterMetrics()).toContain('shared_total 3\n')
    } finally {
      writer.close()
    }
  })

  it('refuses something that is not a registry', () => {
    expect(() => AggregatorRegistry.setRegistries([{} as Registry])).toThrow(
      'cannot share registries (expected a Registry, got object)',
    )
  })
})
