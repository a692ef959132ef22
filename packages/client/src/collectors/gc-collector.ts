import { PerformanceObserver, constants } from 'node:perf_hooks'
import type { Bucket, Metric, MetricFamily } from '@watchfire/model'
import { MetricConfigError } from '../errors.js'
import type { Collector } from '../collector.js'
import { FamilyBuilder } from './family-builder.js'
import type { CollectorNaming } from './family-builder.js'

/** Options of {@link GcCollector}. */
export interface GcCollectorOptions extends CollectorNaming {
  /** Upper bounds of the duration buckets in seconds, ascending (prom-client's default: 1 ms to 5 s). */
  gcDurationBuckets?: readonly number[]
}

/** prom-client's GC duration buckets, in seconds. */
export const DEFAULT_GC_DURATION_BUCKETS: readonly number[] = [0.001, 0.01, 0.1, 1, 2, 5]

const KIND_NAMES = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
])

// Per-bucket (not cumulative) counts; the last slot counts observations above every bound.
interface KindStats {
  counts: Float64Array
  count: number
  sum: number
}

/**
 * `nodejs_gc_duration_seconds{kind}`: a histogram of garbage-collection pauses by kind (major,
 * minor, incremental, weakcb), fed by a `PerformanceObserver` on `gc` entries. The observer does
 * not keep the process alive; {@link stop} disconnects it.
 */
export class GcCollector implements Collector {
  private readonly families: FamilyBuilder
  private readonly bounds: readonly number[]
  private readonly kinds = new Map<string, KindStats>()
  private readonly observer: PerformanceObserver

  constructor(options: GcCollectorOptions = {}) {
    this.families = new FamilyBuilder(options, ['kind', 'le'])
    this.bounds = validateBuckets(options.gcDurationBuckets ?? DEFAULT_GC_DURATION_BUCKETS)
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Typed in newer @types/node only; GC entries carry `{ kind, flags }` since Node 16.
        const detail = (entry as { detail?: { kind?: unknown } | null }).detail
        const kind = typeof detail?.kind === 'number' ? KIND_NAMES.get(detail.kind) : undefined
        this.observe(kind ?? 'unknown', entry.duration / 1000)
      }
    })
    this.observer.observe({ entryTypes: ['gc'] })
  }

  /** Records one collection of `kind` that took `seconds`. */
  observe(kind: string, seconds: number): void {
    let stats = this.kinds.get(kind)
    if (stats === undefined) {
      stats = { counts: new Float64Array(this.bounds.length + 1), count: 0, sum: 0 }
      this.kinds.set(kind, stats)
    }
    let i = 0
    while (i < this.bounds.length && seconds > (this.bounds[i] as number)) i++
    stats.counts[i] = (stats.counts[i] as number) + 1
    stats.count++
    stats.sum += seconds
  }

  /** The histogram of every kind seen so far. */
  collect(): MetricFamily[] {
    const metrics: Metric[] = []
    for (const [kind, stats] of this.kinds) {
      const buckets: Bucket[] = []
      let cumulative = 0
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += stats.counts[i] as number
        buckets.push({ upperBound: this.bounds[i] as number, cumulativeCount: cumulative })
      }
      buckets.push({ upperBound: Infinity, cumulativeCount: stats.count })
      metrics.push({
        labels: this.families.labels({ kind }),
        histogram: { count: stats.count, sum: stats.sum, buckets },
      })
    }
    return [
      this.families.family(
        'nodejs_gc_duration_seconds',
        'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
        'histogram',
        metrics,
      ),
    ]
  }

  /** Disconnects the GC observer; counts collected so far remain readable. */
  stop(): void {
    this.observer.disconnect()
  }
}

function validateBuckets(bounds: readonly number[]): readonly number[] {
  const out = bounds.filter((b) => b !== Infinity)
  for (let i = 0; i < out.length; i++) {
    const b = out[i] as number
    if (!Number.isFinite(b) || (i > 0 && b <= (out[i - 1] as number))) {
      throw new MetricConfigError(
        `cannot use GC duration buckets ${JSON.stringify(bounds)} (bounds must be finite and ascending)`,
      )
    }
  }
  return out
}
