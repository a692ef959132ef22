import type { Metric, MetricFamily, MetricType } from '@watchfire/model'
import { formatGoFloat } from './go-format.js'
import type { Group } from './store.js'
import { lastPushSuccessful } from './store.js'

const PROTO_TYPE: Readonly<Record<MetricType, string>> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  summary: 'SUMMARY',
  unknown: 'UNTYPED',
  histogram: 'HISTOGRAM',
  gaugehistogram: 'GAUGE_HISTOGRAM',
  info: 'UNTYPED',
  stateset: 'UNTYPED',
}

/** The JSON shape of one metric in the original's `/api/v1/metrics`: every number as Go prints it. */
type ApiMetric = Record<string, string | Record<string, string>>

function apiMetric(m: Metric, type: MetricType): ApiMetric {
  const out: ApiMetric = { labels: { ...m.labels } }
  if (type === 'summary') {
    const s = m.summary
    const quantiles: Record<string, string> = {}
    for (const q of s?.quantiles ?? []) quantiles[formatGoFloat(q.quantile)] = formatGoFloat(q.value)
    out.quantiles = quantiles
    out.count = String(s?.count ?? 0)
    out.sum = formatGoFloat(s?.sum ?? 0)
  } else if (type === 'histogram' || type === 'gaugehistogram') {
    const h = m.histogram
    const buckets: Record<string, string> = {}
    for (const b of h?.buckets ?? []) buckets[formatGoFloat(b.upperBound)] = String(b.cumulativeCount)
    out.buckets = buckets
    out.count = String(h?.count ?? 0)
    out.sum = formatGoFloat(h?.sum ?? 0)
  } else {
    out.value = formatGoFloat(m.value ?? 0)
  }
  return out
}

function apiFamily(family: MetricFamily, timestampMs: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    time_stamp: new Date(timestampMs).toISOString(),
    type: PROTO_TYPE[family.type],
  }
  // Go's encoder omits an empty help (`omitempty`).
  if (family.help !== '') out.help = family.help
  out.metrics = family.metrics.map((m) => apiMetric(m, family.type))
  return out
}

/**
 * The original's `/api/v1/metrics` data: one object per group with its grouping `labels`,
 * `last_push_successful`, and one member per family name (`time_stamp`, `type`, `help`, `metrics`).
 */
export function apiMetrics(groups: Iterable<Group>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const group of groups) {
    const entry: Record<string, unknown> = {
      labels: { ...group.labels },
      last_push_successful: lastPushSuccessful(group),
    }
    // As in the original, a family named `labels` or `last_push_successful` shadows that member.
    for (const [name, stored] of group.families) {
      entry[name] = apiFamily(stored.family, stored.timestampMs)
    }
    out.push(entry)
  }
  return out
}

/** Wraps API data in the original's envelope: `{"status":"success","data":…}`. */
export function apiSuccess(data: unknown): string {
  return JSON.stringify({ status: 'success', data })
}
