import { getHeapSpaceStatistics } from 'node:v8'
import type { Metric, MetricFamily } from '@watchfire/model'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'

/**
 * V8 heap figures: totals from `process.memoryUsage()` and, per heap space (`new`, `old`, `code`…),
 * the size, used and available bytes from `v8.getHeapSpaceStatistics()`.
 */
export class HeapCollector implements Collector {
  private readonly families: FamilyBuilder

  constructor(options: CollectorNaming = {}) {
    this.families = new FamilyBuilder(options, ['space'])
  }

  /** Reads the current heap statistics. */
  collect(): MetricFamily[] {
    const f = this.families
    const usage = process.memoryUsage()
    const total: Metric[] = []
    const used: Metric[] = []
    const available: Metric[] = []
    for (const space of getHeapSpaceStatistics()) {
      const labels = f.labels({ space: spaceName(space.space_name) })
      total.push({ labels, value: space.space_size })
      used.push({ labels, value: space.space_used_size })
      available.push({ labels, value: space.space_available_size })
    }
    return [
      f.single(
        'nodejs_heap_size_total_bytes',
        'Process heap size from Node.js in bytes.',
        'gauge',
        usage.heapTotal,
      ),
      f.single(
        'nodejs_heap_size_used_bytes',
        'Process heap size used from Node.js in bytes.',
        'gauge',
        usage.heapUsed,
      ),
      f.single(
        'nodejs_external_memory_bytes',
        'Node.js external memory size in bytes.',
        'gauge',
        usage.external,
      ),
      f.family(
        'nodejs_heap_space_size_total_bytes',
        'Process heap space size total from Node.js in bytes.',
        'gauge',
        total,
      ),
      f.family(
        'nodejs_heap_space_size_used_bytes',
        'Process heap space size used from Node.js in bytes.',
        'gauge',
        used,
      ),
      f.family(
        'nodejs_heap_space_size_available_bytes',
        'Process heap space size available from Node.js in bytes.',
        'gauge',
        available,
      ),
    ]
  }
}

// V8 names spaces `new_space`, `old_space`…; prom-client's label values drop the suffix.
function spaceName(v8Name: string): string {
  return v8Name.endsWith('_space') ? v8Name.slice(0, -'_space'.length) : v8Name
}
