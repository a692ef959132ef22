import type { MetricFamily } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { EventLoopCollector } from './event-loop-collector.js'

function value(families: MetricFamily[], name: string): number {
  const v = families.find((f) => f.name === name)?.metrics[0]?.value
  if (v === undefined) throw new Error(`no ${name}`)
  return v
}

function block(ms: number): void {
  const end = Date.now() + ms
  while (Date.now() < end) Math.sqrt(Math.random())
}

const STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']

describe('EventLoopCollector', () => {
  const collectors: EventLoopCollector[] = []
  const make = (options?: ConstructorParameters<typeof EventLoopCollector>[0]): EventLoopCollector => {
    const c = new EventLoopCollector(options)
    collectors.push(c)
    return c
  }
  afterEach(() => {
    for (const c of collectors.splice(0)) c.stop()
  })

  it('reports the lag and delay distribution in seconds, seeing a blocked loop', async () => {
    const collector = make({ eventLoopMonitoringPrecision: 1 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    block(60)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const families = await collector.collect()
    expect(families.map((f) => f.name)).toEqual([
      'nodejs_eventloop_lag_seconds',
      ...STATS.map((s) => `nodejs_eventloop_lag_${s}_seconds`),
      'nodejs_eventloop_utilization_ratio',
    ])
    expect(value(families, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(value(families, 'nodejs_eventloop_lag_seconds')).toBeLessThan(1)
    // The 60 ms block shows up as the worst delay, reported in seconds, not nanoseconds.
    expect(value(families, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.04)
    expect(value(families, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(5)
    expect(value(families, 'nodejs_eventloop_lag_min_seconds')).toBeLessThanOrEqual(
      value(families, 'nodejs_eventloop_lag_p50_seconds'),
    )
    expect(value(families, 'nodejs_eventloop_lag_p50_seconds')).toBeLessThanOrEqual(
      value(families, 'nodejs_eventloop_lag_p99_seconds'),
    )
    const utilization = value(families, 'nodejs_eventloop_utilization_ratio')
    expect(utilization).toBeGreaterThan(0.3)
    expect(utilization).toBeLessThanOrEqual(1)
  })

  it('keeps finite figures when two scrapes fall within one sampling interval', async () => {
    const collector = make({ eventLoopMonitoringPrecision: 1000 })
    const families = await collector.collect()
    for (const s of STATS)
      expect(Number.isFinite(value(families, `nodejs_eventloop_lag_${s}_seconds`))).toBe(true)
  })

  it('applies the prefix and constant labels', async () => {
    const families = await make({ prefix: 'app_', labels: { pod: 'a' } }).collect()
    for (const family of families) {
      expect(family.name.startsWith('app_nodejs_eventloop_')).toBe(true)
      expect(family.metrics[0]?.labels).toEqual({ pod: 'a' })
    }
  })
})
