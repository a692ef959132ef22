import type { LabelRecord, MetricFamily, MetricType } from '@watchfire/model'
import { isLegacyLabelName, isLegacyMetricName } from '@watchfire/model'
import type { GroupingLabels } from './grouping-key.js'
import type { Group, MetricStore } from './store.js'

const SUFFIXES = ['_count', '_sum', '_bucket'] as const

/**
 * The identity of a metric within its family: names and values joined by a byte names cannot hold. Stored
 * labels are always sorted by name (see `groupedLabels`), so equal label sets give equal keys.
 */
export function seriesKey(labels: LabelRecord): string {
  let key = ''
  for (const name of Object.keys(labels)) key += name + '\xff' + labels[name] + '\xff'
  return key
}

/** `name{a="1", b="2"}`, for error messages. */
function describeSeries(name: string, labels: LabelRecord): string {
  const pairs = Object.keys(labels).map((n) => `${n}=${JSON.stringify(labels[n])}`)
  return `${name}{${pairs.join(', ')}}`
}

function describeGroup(labels: GroupingLabels): string {
  return describeSeries('', labels)
}

/** Two groups can hold equal series only if no grouping label they share differs in value. */
function compatible(a: GroupingLabels, b: GroupingLabels): boolean {
  for (const name of Object.keys(a)) {
    if (Object.hasOwn(b, name) && b[name] !== a[name]) return false
  }
  return true
}

function checkOwnFamily(family: MetricFamily, validLabels: Set<string>): string | undefined {
  const { name, type } = family
  if (!isLegacyMetricName(name)) return `metric name ${JSON.stringify(name)} is not valid`
  const seen = new Set<string>()
  for (const m of family.metrics) {
    for (const label of Object.keys(m.labels)) {
      if (!validLabels.has(label)) {
        if (!isLegacyLabelName(label) || label.startsWith('__')) {
          return `metric ${describeSeries(name, m.labels)} has a label with an invalid name: ${JSON.stringify(label)}`
        }
        validLabels.add(label)
      }
      if (type === 'summary' && label === 'quantile') {
        return `metric ${describeSeries(name, m.labels)} must not have an explicit "quantile" label`
      }
      if ((type === 'histogram' || type === 'gaugehistogram') && label === 'le') {
        return `metric ${describeSeries(name, m.labels)} must not have an explicit "le" label`
      }
    }
    const key = seriesKey(m.labels)
    if (seen.has(key))
      return `metric ${describeSeries(name, m.labels)} was pushed twice with the same name and label values`
    seen.add(key)
  }
  return undefined
}

/**
 * Checks a planned group against everything else the gateway exposes, as the original does by gathering the
 * merged state: valid metric and label names, no reserved `quantile`/`le` labels, no metric twice (within the
 * group or colliding with another group's after the grouping labels are merged), one type per metric name
 * across groups and the gateway's own metrics, and no `_count`/`_sum`/`_bucket` name clashing with a summary or
 * histogram. Differing help strings are tolerated, as in the original (the exposition keeps one).
 *
 * @returns the first problem, naming the metric, or undefined when the push is consistent.
 */
export function findInconsistency(
  store: MetricStore,
  planned: Group,
  own: ReadonlyMap<string, MetricFamily>,
): string | undefined {
  const typeOf = (name: string): MetricType | undefined => {
    const mine = planned.families.get(name)
    if (mine !== undefined) return mine.family.type
    const ours = own.get(name)
    if (ours !== undefined) return ours.type
    for (const [key, group] of store.ownersOf(name) ?? []) {
      if (key !== planned.key) return group.families.get(name)?.family.type
    }
    return undefined
  }

  const validLabels = new Set<string>()
  for (const [name, { family }] of planned.families) {
    const problem = checkOwnFamily(family, validLabels)
    if (problem !== undefined) return problem
    const ours = own.get(name)
    if (ours !== undefined && ours.type !== family.type) {
      return `metric family ${JSON.stringify(name)} has type ${family.type} but the Pushgateway's own metric of that name has type ${ours.type}`
    }
    if (family.metrics.length > 0) {
      for (const [key, group] of store.ownersOf(name) ?? []) {
        if (key === planned.key) continue
        const other = group.families.get(name)?.family
        if (other !== undefined && other.metrics.length > 0 && other.type !== family.type) {
          return `metric family ${JSON.stringify(name)} has type ${family.type} but group ${describeGroup(group.labels)} holds it with type ${other.type}`
        }
      }
    }
    for (const suffix of SUFFIXES) {
      if (!name.endsWith(suffix)) continue
      const base = name.slice(0, -suffix.length)
      const baseType = typeOf(base)
      if (baseType === 'histogram' || (baseType === 'summary' && suffix !== '_bucket')) {
        return `metric ${JSON.stringify(name)} collides with the ${baseType} named ${JSON.stringify(base)}`
      }
    }
    if (family.type === 'summary' || family.type === 'histogram') {
      for (const suffix of SUFFIXES) {
        if (suffix === '_bucket' && family.type === 'summary') continue
        if (typeOf(name + suffix) !== undefined) {
          return `${family.type} ${JSON.stringify(name)} collides with the metric named ${JSON.stringify(name + suffix)}`
        }
      }
    }
  }
  return findCollision(store, planned)
}

/** A metric of the planned group equal (name and labels) to one of another group, after grouping labels merged. */
export function findCollision(store: MetricStore, planned: Group): string | undefined {
  const keysByName = new Map<string, Set<string>>()
  for (const group of store.all()) {
    if (group.key === planned.key || !compatible(planned.labels, group.labels)) continue
    for (const [name, { family }] of planned.families) {
      const other = group.families.get(name)?.family
      if (other === undefined || other.metrics.length === 0 || family.metrics.length === 0) continue
      let keys = keysByName.get(name)
      if (keys === undefined) {
        keys = new Set(family.metrics.map((m) => seriesKey(m.labels)))
        keysByName.set(name, keys)
      }
      for (const m of other.metrics) {
        if (keys.has(seriesKey(m.labels))) {
          return `metric ${describeSeries(name, m.labels)} is already pushed in group ${describeGroup(group.labels)}`
        }
      }
    }
  }
  return undefined
}
