import type { Bucket, LabelRecord, Metric as SeriesSample, MetricFamily } from '@watchfire/model'
import { MultiprocessError } from './errors.js'

/** One metric of prom-client's `getMetricsAsJSON()` output, as workers would send it. */
export interface MetricJSON {
  name: string
  help: string
  type: string
  aggregator?: string
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>
}

type Combine = (values: number[]) => number

const COMBINERS: Record<string, Combine | undefined> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  first: (v) => v[0] ?? NaN,
  min: (v) => v.reduce((a, b) => Math.min(a, b), Infinity),
  max: (v) => v.reduce((a, b) => Math.max(a, b), -Infinity),
  average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
}

/**
 * prom-client's `AggregatorRegistry.aggregate`: combines several registries' JSON by metric name, values
 * with equal name and labels by the metric's `aggregator` (sum when absent; `omit` drops the metric).
 */
export function aggregateJSON(metricsArr: ReadonlyArray<readonly MetricJSON[]>): MetricFamily[] {
  const byName = new Map<string, MetricJSON[]>()
  for (const list of metricsArr) for (const m of list) byName.set(m.name, [...(byName.get(m.name) ?? []), m])
  const families: MetricFamily[] = []
  for (const [name, metrics] of byName) {
    const first = metrics[0] as MetricJSON
    const aggregator = first.aggregator ?? 'sum'
    if (aggregator === 'omit') continue
    const combine = COMBINERS[aggregator]
    if (combine === undefined)
      throw new MultiprocessError(`cannot aggregate metric ${name} (unknown aggregator ${aggregator})`)
    const grouped = new Map<
      string,
      { metricName: string; labels: Record<string, string>; values: number[] }
    >()
    for (const m of metrics) {
      for (const v of m.values) {
        const labels = stringLabels(v.labels)
        const metricName = v.metricName ?? name
        const key = `${metricName}\u0000${JSON.stringify(Object.entries(labels).sort())}`
        const g = grouped.get(key)
        if (g === undefined) grouped.set(key, { metricName, labels, values: [v.value] })
        else g.values.push(v.value)
      }
    }
    const values = [...grouped.values()].map((g) => ({ ...g, value: combine(g.values) }))
    families.push(toFamily(first, values))
  }
  return families
}

function stringLabels(labels: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(labels ?? {})) out[k] = String(v)
  return out
}

interface Value {
  metricName: string
  labels: Record<string, string>
  value: number
}

function toFamily(meta: MetricJSON, values: Value[]): MetricFamily {
  const type =
    meta.type === 'counter' || meta.type === 'histogram' || meta.type === 'summary' ? meta.type : 'gauge'
  const base = { name: meta.name, help: meta.help, type, unit: '' } as const
  if (type === 'counter' || type === 'gauge') {
    return { ...base, metrics: values.map((v) => ({ labels: Object.freeze(v.labels), value: v.value })) }
  }
  const reserved = type === 'histogram' ? 'le' : 'quantile'
  const series = new Map<
    string,
    { labels: LabelRecord; sum: number; count: number; points: Array<[number, number]> }
  >()
  for (const v of values) {
    const labels: Record<string, string> = { ...v.labels }
    const at = labels[reserved]
    delete labels[reserved]
    const key = JSON.stringify(Object.entries(labels).sort())
    let s = series.get(key)
    if (s === undefined) {
      s = { labels: Object.freeze(labels), sum: 0, count: 0, points: [] }
      series.set(key, s)
    }
    if (v.metricName.endsWith('_sum')) s.sum = v.value
    else if (v.metricName.endsWith('_count')) s.count = v.value
    else if (at !== undefined) s.points.push([at === '+Inf' ? Infinity : Number(at), v.value])
  }
  const metrics: SeriesSample[] = []
  for (const s of series.values()) {
    s.points.sort((a, b) => a[0] - b[0])
    if (type === 'histogram') {
      const buckets: Bucket[] = s.points.map(([upperBound, cumulativeCount]) => ({
        upperBound,
        cumulativeCount,
      }))
      metrics.push({ labels: s.labels, histogram: { count: s.count, sum: s.sum, buckets } })
    } else {
      const quantiles = s.points.map(([quantile, value]) => ({ quantile, value }))
      metrics.push({ labels: s.labels, summary: { count: s.count, sum: s.sum, quantiles } })
    }
  }
  return { ...base, metrics }
}
