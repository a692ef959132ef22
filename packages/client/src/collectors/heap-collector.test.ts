import { getHeapSpaceStatistics } from 'node:v8'
import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { HeapCollector } from './heap-collector.js'

function family(families: MetricFamily[], name: string): MetricFamily {
  const f = families.find((x) => x.name === name)
  if (f === undefined) throw new Error(`no ${name} in ${families.map((x) => x.name).join(', ')}`)
  return f
}

describe('HeapCollector', () => {
  it('reports heap totals and every V8 heap space', () => {
    const families = new HeapCollector().collect()
    const total = family(families, 'nodejs_heap_size_total_bytes').metrics[0]?.value as number
    const used = family(families, 'nodejs_heap_size_used_bytes').metrics[0]?.value as number
    expect(used).toBeGreaterThan(0)
    expect(total).toBeGreaterThanOrEqual(used)
    expect(family(families, 'nodejs_external_memory_bytes').metrics[0]?.value).toBeGreaterThan(0)
    const spaces = getHeapSpaceStatistics().map((s) => s.space_name.replace(/_space$/, ''))
    for (const name of ['total', 'used', 'available']) {
      const f = family(families, `nodejs_heap_space_size_${name}_bytes`)
      expect(f.type).toBe('gauge')
      expect(f.metrics.map((m) => m.labels.space)).toEqual(spaces)
    }
    expect(spaces).toContain('old')
  })

  it('applies the prefix and constant labels after its own', () => {
    const families = new HeapCollector({ prefix: 'app_', labels: { pod: 'a' } }).collect()
    const spaces = family(families, 'app_nodejs_heap_space_size_used_bytes')
    expect(Object.keys(spaces.metrics[0]?.labels ?? {})).toEqual(['space', 'pod'])
    expect(family(families, 'app_nodejs_heap_size_used_bytes').metrics[0]?.labels).toEqual({ pod: 'a' })
  })
})
