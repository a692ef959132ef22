import type { Collector } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { NoDataError } from './errors.js'
import { gauge } from './family.js'
import { createLogger } from './logger.js'
import { NodeCollector } from './node-collector.js'

const ok: Collector = { collect: () => [gauge('node_ok', 'fine', 1)] }
const slowOk: Collector = {
  collect: async () => {
    await new Promise((r) => setTimeout(r, 20))
    return [gauge('node_slow', 'slow', 2)]
  },
}
const broken: Collector = {
  collect: async () => {
    throw new Error('cannot read /proc/broken')
  },
}
const empty: Collector = {
  collect: () => {
    throw new NoDataError('nothing here')
  },
}

describe('NodeCollector', () => {
  it('reports success and duration per collector; a failing one costs only its own metrics', async () => {
    const lines: string[] = []
    const c = new NodeCollector(
      new Map([
        ['ok', ok],
        ['slow', slowOk],
        ['broken', broken],
        ['empty', empty],
      ]),
      createLogger('info', (line) => lines.push(line)),
    )
    const families = await c.collect()
    expect(families.map((f) => f.name)).toEqual([
      'node_ok',
      'node_slow',
      'node_scrape_collector_duration_seconds',
      'node_scrape_collector_success',
    ])
    const success = families.find((f) => f.name === 'node_scrape_collector_success')
    expect(success?.metrics.map((m) => [m.labels.collector, m.value])).toEqual([
      ['ok', 1],
      ['slow', 1],
      ['broken', 0],
      ['empty', 0],
    ])
    const duration = families.find((f) => f.name === 'node_scrape_collector_duration_seconds')
    expect(duration?.metrics[1]?.value).toBeGreaterThanOrEqual(0.015)
    // Only the real failure is logged; "no data" is normal on machines without the feature.
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /level=error msg="collector failed" name=broken .*err="cannot read \/proc\/broken"/,
    )
  })

  it('runs only the collectors asked for', async () => {
    const c = new NodeCollector(
      new Map([
        ['ok', ok],
        ['slow', slowOk],
      ]),
    )
    const families = await c.collectOnly(new Set(['ok']))
    expect(families.map((f) => f.name)).toEqual([
      'node_ok',
      'node_scrape_collector_duration_seconds',
      'node_scrape_collector_success',
    ])
  })
})
