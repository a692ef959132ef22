import { compareStrings, type Labels } from '@watchfire/model'

/** The distinct label names of `series`, sorted: what Querier.labelNames answers for the matched series. */
export function labelNamesOf(series: Iterable<{ readonly labels: Labels }>): string[] {
  const names = new Set<string>()
  for (const s of series) s.labels.forEach((n) => names.add(n))
  return [...names].sort(compareStrings)
}

/** The distinct non-empty values of label `name` in `series`, sorted: what Querier.labelValues answers. */
export function labelValuesOf(series: Iterable<{ readonly labels: Labels }>, name: string): string[] {
  const values = new Set<string>()
  for (const s of series) {
    const v = s.labels.get(name)
    if (v !== '') values.add(v)
  }
  return [...values].sort(compareStrings)
}
