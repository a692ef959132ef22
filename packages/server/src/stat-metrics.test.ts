import { Registry } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { registerLabelledStatCounters, registerStatMetrics } from './stat-metrics.js'

interface Stats {
  size: number
  appended: number
}

describe('registerStatMetrics', () => {
  it('reads gauges and advances counters by the growth of running totals at each scrape', async () => {
    const registry = new Registry()
    const stats: Stats = { size: 3, appended: 10 }
    registerStatMetrics(
      registry,
      () => stats,
      [['x_size', 'Size.', (s) => s.size]],
      [['x_appended_total', 'Appended.', (s) => s.appended]],
    )
    const scrape = async (): Promise<string[]> =>
      (await registry.metrics()).split('\n').filter((l) => l.startsWith('x_'))
    expect(await scrape()).toEqual(['x_size 3', 'x_appended_total 10'])
    stats.size = 1
    stats.appended = 15
    expect(await scrape()).toEqual(['x_size 1', 'x_appended_total 15'])
    // The component restarted its total: the counter keeps its value and grows from the new base.
    stats.appended = 4
    expect(await scrape()).toEqual(['x_size 1', 'x_appended_total 15'])
    stats.appended = 6
    expect(await scrape()).toEqual(['x_size 1', 'x_appended_total 17'])
  })

  it('exposes every value of a labelled counter from the first scrape, each following its own total', async () => {
    const registry = new Registry()
    const stats = { floats: 5, histograms: 0 }
    registerLabelledStatCounters(registry, () => stats, [
      ['x_appended_total', 'Appended.', 'type', { float: (s) => s.floats, histogram: (s) => s.histograms }],
    ])
    const scrape = async (): Promise<string[]> =>
      (await registry.metrics()).split('\n').filter((l) => l.startsWith('x_'))
    expect(await scrape()).toEqual([
      'x_appended_total{type="float"} 5',
      'x_appended_total{type="histogram"} 0',
    ])
    stats.floats = 7
    stats.histograms = 2
    expect(await scrape()).toEqual([
      'x_appended_total{type="float"} 7',
      'x_appended_total{type="histogram"} 2',
    ])
  })
})
