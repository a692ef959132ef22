import { Counter } from '../counter.js'
import { Gauge } from '../gauge.js'
import type { GaugeChild } from '../gauge.js'
import { Histogram } from '../histogram.js'
import type { HistogramChild } from '../histogram.js'
import type { Aggregator } from '../metric-base.js'
import type { RegisteredMetric, Registry, RegistryContentType } from '../registry.js'
import type { Series } from '../series-table.js'
import { Summary } from '../summary.js'
import type { SummaryChild } from '../summary.js'
import type { CounterChild } from '../counter.js'
import { storeNumber } from './state.js'
import type { MergeMode, MetricState, SeriesState } from './state.js'

const MODE_OF_AGGREGATOR: Record<Aggregator, MergeMode> = {
  sum: 'livesum',
  min: 'min',
  max: 'max',
  first: 'livemostrecent',
  average: 'liveaverage',
  omit: 'omit',
}

/** A gauge's merge mode: its `multiprocessMode`, else the mode matching its prom-client `aggregator`. */
export function gaugeMode(gauge: Gauge<string>): MergeMode {
  return gauge.multiprocessMode ?? MODE_OF_AGGREGATOR[gauge.aggregator]
}

/**
 * Reads the state of every metric in some registries, for a slot file. Gauges carry the time their value last
 * changed, tracked between captures (so the mostrecent modes resolve to within one flush interval).
 */
export class StateCapture {
  private readonly gaugeChanges = new WeakMap<Series, { value: number; changedMs: number }>()

  capture(registries: readonly Registry<RegistryContentType>[]): MetricState[] {
    const seen = new Set<string>()
    const out: MetricState[] = []
    const now = Date.now()
    for (const registry of registries) {
      for (const metric of registry.getMetricsAsArray()) {
        if (seen.has(metric.name)) continue
        seen.add(metric.name)
        const state = this.metricState(metric, now)
        if (state !== undefined) out.push(state)
      }
    }
    return out
  }

  private metricState(metric: RegisteredMetric, now: number): MetricState | undefined {
    const base = {
      name: metric.name,
      help: metric.help,
      unit: metric.unit,
      labelNames: [...metric.labelNames],
    }
    const names = metric.labelNames
    const labelValues = (s: Series): Array<string | null> => names.map((n) => s.labels[n] ?? null)
    const series: SeriesState[] = []
    if (metric instanceof Counter) {
      if (metric.aggregator === 'omit') return undefined
      for (const s of metric.table.all() as IterableIterator<CounterChild>) {
        series.push({ l: labelValues(s), v: storeNumber(s.value), cr: s.createdMs })
      }
      return { ...base, type: 'counter', mode: 'sum', series }
    }
    if (metric instanceof Gauge) {
      const mode = gaugeMode(metric)
      if (mode === 'omit') return undefined
      for (const s of metric.table.all() as IterableIterator<GaugeChild>) {
        series.push({ l: labelValues(s), v: storeNumber(s.value), t: this.changedMs(s, s.value, now) })
      }
      return { ...base, type: 'gauge', mode, series }
    }
    if (metric instanceof Histogram) {
      for (const s of metric.table.all() as IterableIterator<HistogramChild>) {
        series.push({
          l: labelValues(s),
          b: Array.from(s.counts),
          s: storeNumber(s.sum),
          c: s.count,
          cr: s.createdMs,
        })
      }
      return { ...base, type: 'histogram', mode: 'sum', bounds: Array.from(metric.upperBounds), series }
    }
    if (metric instanceof Summary) {
      for (const s of metric.table.all() as IterableIterator<SummaryChild>) {
        const { values, weights } = s.window.weightedValues()
        series.push({
          l: labelValues(s),
          s: storeNumber(s.sum),
          c: s.count,
          cr: s.createdMs,
          q: [values, weights],
        })
      }
      return { ...base, type: 'summary', mode: 'sum', percentiles: [...metric.percentiles], series }
    }
    return undefined
  }

  private changedMs(s: Series, value: number, now: number): number {
    const last = this.gaugeChanges.get(s)
    if (last !== undefined && Object.is(last.value, value)) return last.changedMs
    this.gaugeChanges.set(s, { value, changedMs: now })
    return now
  }
}
