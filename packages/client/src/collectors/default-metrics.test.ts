import type { MetricFamily } from '@watchfire/model'
import { afterEach, describe, expect, it } from 'vitest'
import { Registry } from '../registry.js'
import { collectDefaultMetrics } from './default-metrics.js'
import type { DefaultMetrics, DefaultMetricsCollectorConfiguration } from './default-metrics.js'

const PROCESS = [
  'process_cpu_user_seconds_total',
  'process_cpu_system_seconds_total',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
]
const LINUX_PROCESS = [
  'process_resident_memory_bytes',
  'process_virtual_memory_bytes',
  'process_heap_bytes',
  'process_open_fds',
  'process_max_fds',
]
const EVENT_LOOP = [
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_utilization_ratio',
]
const HANDLES = ['nodejs_active_handles', 'nodejs_active_requests', 'nodejs_active_resources']
const HEAP = [
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_external_memory_bytes',
  'nodejs_heap_space_size_total_bytes',
  'nodejs_heap_space_size_used_bytes',
  'nodejs_heap_space_size_available_bytes',
]
const VERSION = ['nodejs_version_info']
const GC = ['nodejs_gc_duration_seconds']

describe('collectDefaultMetrics', () => {
  const started: DefaultMetrics[] = []
  afterEach(() => {
    for (const d of started.splice(0)) d.stop()
  })

  async function scrape(
    config: Omit<DefaultMetricsCollectorConfiguration, 'register'>,
  ): Promise<MetricFamily[]> {
    const register = new Registry()
    started.push(collectDefaultMetrics({ ...config, register }))
    return register.collect()
  }

  it('registers every collector by default', async () => {
    const names = (await scrape({})).map((f) => f.name)
    const expected = [...PROCESS, ...EVENT_LOOP, ...HANDLES, ...HEAP, ...VERSION, ...GC]
    if (process.platform === 'linux') expected.push(...LINUX_PROCESS)
    expect(names).toEqual(expect.arrayContaining(expected))
    expect(names.filter((n) => n.startsWith('nodejs_active_') && n.endsWith('_total'))).toEqual([])
    expect(new Set(names).size).toBe(names.length)
  })

  it.each([
    ['process', PROCESS],
    ['eventLoop', EVENT_LOOP],
    ['handles', HANDLES],
    ['heap', HEAP],
    ['version', VERSION],
    ['gc', GC],
  ] as const)('leaves out %s when disabled', async (key, families) => {
    const names = (await scrape({ [key]: false })).map((f) => f.name)
    for (const name of families) expect(names).not.toContain(name)
    expect(names.length).toBeGreaterThan(0)
  })

  it('applies the prefix and constant labels everywhere', async () => {
    const families = await scrape({ prefix: 'app_', labels: { service: 'api' } })
    expect(families.length).toBeGreaterThan(10)
    for (const family of families) {
      expect(family.name.startsWith('app_')).toBe(true)
      for (const metric of family.metrics) expect(metric.labels.service).toBe('api')
    }
  })

  it('replaces an earlier set on the same registry instead of breaking scrapes', async () => {
    const register = new Registry()
    started.push(collectDefaultMetrics({ register }))
    started.push(collectDefaultMetrics({ register }))
    started.push(collectDefaultMetrics({ register, prefix: 'other_' }))
    const names = (await register.collect()).map((f) => f.name)
    expect(names.filter((n) => n === 'process_cpu_seconds_total')).toHaveLength(1)
    expect(names).toContain('other_process_cpu_seconds_total')
  })

  it('registers nothing when an option is invalid', async () => {
    const register = new Registry()
    expect(() => collectDefaultMetrics({ register, gcDurationBuckets: [2, 1] })).toThrow(
      expect.objectContaining({ code: 'ERR_METRIC_CONFIG' }),
    )
    expect(await register.collect()).toEqual([])
  })
})
