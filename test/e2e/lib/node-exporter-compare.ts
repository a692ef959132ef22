import type { MetricFamily } from '@watchfire/model'

/** One exposed series flattened for comparison: family, labels without empty values, value. */
export interface FlatSeries {
  key: string
  value: number
}

/** The label names a family's metrics carry (union), sorted; empty values count, as Go writes them. */
export function labelNames(f: MetricFamily): string[] {
  const names = new Set<string>()
  for (const m of f.metrics) for (const n of Object.keys(m.labels)) names.add(n)
  return [...names].sort()
}

/** Series identity as Prometheus sees it: labels with empty values dropped, sorted. */
export function seriesKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .filter((n) => labels[n] !== '')
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`)
    .join(',')
}

/** Families by name. */
export function byName(families: MetricFamily[]): Map<string, MetricFamily> {
  return new Map(families.map((f) => [f.name, f]))
}

/** The value of every series of a family, by series key. */
export function values(f: MetricFamily): Map<string, number> {
  return new Map(f.metrics.map((m) => [seriesKey(m.labels), m.value ?? NaN]))
}
