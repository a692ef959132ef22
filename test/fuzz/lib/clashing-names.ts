import type { MetricFamily } from '@watchfire/model'

const SERIES_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
  counter: ['_created'],
}

/**
 * True if one family's series names are another family's name (`a_count` untyped beside summary `a`).
 * Such an exposition is ambiguous in the text formats, and a client refuses to produce it, so the
 * round-trip properties skip it.
 */
export function hasClashingNames(families: readonly MetricFamily[]): boolean {
  const names = new Set(families.map((f) => f.name))
  if (names.size !== families.length) return true
  for (const f of families) {
    const base =
      f.type === 'counter' && f.name.endsWith('_total') ? f.name.slice(0, -'_total'.length) : f.name
    for (const suffix of SERIES_SUFFIXES[f.type] ?? []) if (names.has(base + suffix)) return true
  }
  return false
}
