import type { LabelRecord, Metric, MetricFamily } from '@watchfire/model'
import type { GroupingLabels } from './grouping-key.js'

/** True if any pushed sample carries a timestamp, which the Pushgateway refuses. */
export function hasTimestamps(families: Iterable<MetricFamily>): boolean {
  for (const family of families) {
    for (const m of family.metrics) if (m.timestampMs !== undefined) return true
  }
  return false
}

/**
 * The labels a pushed metric is stored with, as the original's `sanitizeLabels`: grouping labels override
 * labels of the same name in the body, the others are added, `instance=""` is added when absent, and the
 * result is sorted by name. Built key by key in sorted order so records of one shape share a hidden class.
 */
export function groupedLabels(labels: LabelRecord, grouping: GroupingLabels): LabelRecord {
  const names: string[] = []
  for (const name of Object.keys(labels)) if (!Object.hasOwn(grouping, name)) names.push(name)
  for (const name of Object.keys(grouping)) names.push(name)
  if (!Object.hasOwn(grouping, 'instance') && !Object.hasOwn(labels, 'instance')) names.push('instance')
  names.sort()
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = (Object.hasOwn(grouping, name) ? grouping[name] : labels[name]) ?? ''
    // A `__proto__` label (possible with the check disabled) must stay data, not become the prototype.
    if (name === '__proto__')
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
    else out[name] = value
  }
  return out
}

/** A copy of `family` whose metrics carry their group's labels (see {@link groupedLabels}). */
export function groupFamily(family: MetricFamily, grouping: GroupingLabels): MetricFamily {
  const metrics: Metric[] = new Array<Metric>(family.metrics.length)
  for (let i = 0; i < metrics.length; i++) {
    const m = family.metrics[i] as Metric
    metrics[i] = { ...m, labels: groupedLabels(m.labels, grouping) }
  }
  return { ...family, metrics }
}
