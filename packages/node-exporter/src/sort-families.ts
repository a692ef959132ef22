import type { LabelRecord, Metric, MetricFamily } from '@watchfire/model'

/**
 * Orders families by name and each family's metrics by label values, as client_golang's registry does,
 * so scrapes are stable and diff cleanly against node_exporter's. Mutates and returns `families`.
 */
export function sortFamilies(families: MetricFamily[]): MetricFamily[] {
  families.sort((a, b) => compare(a.name, b.name))
  for (const f of families) if (f.metrics.length > 1) f.metrics = sortMetrics(f.metrics)
  return families
}

// client_golang compares label pairs in name order, value by value: one key per metric, built once.
function sortMetrics(metrics: Metric[]): Metric[] {
  const keyed = metrics.map((m) => ({ key: sortKey(m.labels), m }))
  keyed.sort((a, b) => compare(a.key, b.key))
  return keyed.map((k) => k.m)
}

function sortKey(labels: LabelRecord): string {
  let key = ''
  for (const name of Object.keys(labels).sort()) key += `${name}\u0000${labels[name] as string}\u0001`
  return key
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
