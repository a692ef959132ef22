import type { Registry } from '@watchfire/client'
import type { ExemplarStats } from '@watchfire/tsdb'
import { registerStatMetrics, type StatMetric } from './stat-metrics.js'

const GAUGES: readonly StatMetric<ExemplarStats>[] = [
  [
    'prometheus_tsdb_exemplar_exemplars_in_storage',
    'Number of exemplars currently in circular storage.',
    (s) => s.exemplarsInStorage,
  ],
  [
    'prometheus_tsdb_exemplar_series_with_exemplars_in_storage',
    'Number of series with exemplars currently in circular storage.',
    (s) => s.seriesWithExemplarsInStorage,
  ],
  [
    'prometheus_tsdb_exemplar_max_exemplars',
    'Total number of exemplars the exemplar storage can store, resizeable.',
    (s) => s.maxExemplars,
  ],
  [
    'prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds',
    'The timestamp of the oldest exemplar stored in circular storage. Useful to check for what time' +
      'range the current exemplar buffer limit allows. This usually means the last timestampfor all' +
      ' exemplars for a typical setup. This is not true though if one of the series timestamp is in' +
      ' future compared to rest series.',
    (s) => s.lastExemplarsTimestampSeconds,
  ],
]

const COUNTERS: readonly StatMetric<ExemplarStats>[] = [
  [
    'prometheus_tsdb_exemplar_exemplars_appended_total',
    'Total number of appended exemplars.',
    (s) => s.exemplarsAppended,
  ],
  [
    'prometheus_tsdb_exemplar_out_of_order_exemplars_total',
    'Total number of out of order exemplar ingestion failed attempts.',
    (s) => s.outOfOrderExemplars,
  ],
]

/**
 * Registers the exemplar storage's self-metrics (Prometheus's prometheus_tsdb_exemplar_* names and
 * help texts) on `registry`, read from `stats()` at each scrape.
 */
export function registerExemplarMetrics(registry: Registry, stats: () => ExemplarStats): void {
  registerStatMetrics(registry, stats, GAUGES, COUNTERS)
}
