import { Labels } from '@watchfire/model'

/**
 * Merges a scraped series' labels with its target's, as Prometheus does. With honor_labels the
 * scraped value wins; otherwise the target's wins and the scraped value moves to
 * `exported_<name>` (prefixed again while that name is taken).
 */
export function mergeTargetLabels(
  name: string,
  labelNames: readonly string[],
  labelValues: readonly string[],
  labelCount: number,
  targetLabels: Labels,
  honorLabels: boolean,
): Labels {
  return (
    mergeDisjoint(name, labelNames, labelValues, labelCount, targetLabels) ??
    mergeViaRecord(name, labelNames, labelValues, labelCount, targetLabels, honorLabels)
  )
}

/** Scratch for {@link mergeDisjoint}: indexes of the scraped labels in name order (-1 is the metric name). */
let order = new Int32Array(16)

/**
 * The common case without a record or a sort of every series: the scraped labels (usually written in
 * name order already, which an insertion sort checks in one pass) merged with the target's sorted
 * labels. Undefined when a name repeats or collides with a target label; the general path decides those.
 */
function mergeDisjoint(
  name: string,
  names: readonly string[],
  values: readonly string[],
  count: number,
  target: Labels,
): Labels | undefined {
  if (name === '') return undefined
  if (order.length < count + 1) order = new Int32Array(2 * (count + 1))
  const nameOf = (i: number): string => (i < 0 ? '__name__' : (names[i] as string))
  let n = 0
  for (let i = -1; i < count; i++) {
    if (i >= 0 && values[i] === '') continue
    const key = nameOf(i)
    let j = n
    while (j > 0 && nameOf(order[j - 1] as number) > key) {
      order[j] = order[j - 1] as number
      j--
    }
    if (j > 0 && nameOf(order[j - 1] as number) === key) return undefined
    order[j] = i
    n++
  }
  const targetFlat = target.toFlat()
  const flat: string[] = []
  let t = 0
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const key = nameOf(i)
    while (t < targetFlat.length && (targetFlat[t] as string) < key) {
      flat.push(targetFlat[t] as string, targetFlat[t + 1] as string)
      t += 2
    }
    if (targetFlat[t] === key) return undefined
    flat.push(key, i < 0 ? name : (values[i] as string))
  }
  for (; t < targetFlat.length; t += 2) flat.push(targetFlat[t] as string, targetFlat[t + 1] as string)
  return Labels.fromSortedFlat(flat)
}

function mergeViaRecord(
  name: string,
  labelNames: readonly string[],
  labelValues: readonly string[],
  labelCount: number,
  targetLabels: Labels,
  honorLabels: boolean,
): Labels {
  const record: Record<string, string> = Object.create(null) as Record<string, string>
  for (let i = 0; i < labelCount; i++) record[labelNames[i] as string] = labelValues[i] as string
  record.__name__ = name
  if (honorLabels) {
    targetLabels.forEach((n, v) => {
      if (!record[n]) record[n] = v
    })
    return Labels.fromRecord(record)
  }
  const conflicts: [string, string][] = []
  targetLabels.forEach((n, v) => {
    const existing = record[n]
    if (existing) conflicts.push([n, existing])
    record[n] = v
  })
  for (const [n, v] of conflicts) {
    let exported = `exported_${n}`
    while (record[exported]) exported = `exported_${exported}`
    record[exported] = v
  }
  return Labels.fromRecord(record)
}

/** Label limits of a scrape config; 0 means unlimited. */
export interface LabelLimits {
  labelLimit: number
  labelNameLengthLimit: number
  labelValueLengthLimit: number
}

/** The limit a series breaks, in Prometheus's words, or undefined. */
export function labelLimitProblem(labels: Labels, limits: LabelLimits): string | undefined {
  const metric = labels.metricName.slice(0, 50)
  if (limits.labelLimit > 0 && labels.size > limits.labelLimit)
    return `label_limit exceeded (metric: ${metric}, number of labels: ${labels.size}, limit: ${limits.labelLimit})`
  if (limits.labelNameLengthLimit === 0 && limits.labelValueLengthLimit === 0) return undefined
  let problem: string | undefined
  labels.forEach((n, v) => {
    if (problem !== undefined) return
    if (limits.labelNameLengthLimit > 0 && n.length > limits.labelNameLengthLimit)
      problem = `label_name_length_limit exceeded (metric: ${metric}, label name: ${n.slice(0, 50)}, length: ${n.length}, limit: ${limits.labelNameLengthLimit})`
    else if (limits.labelValueLengthLimit > 0 && v.length > limits.labelValueLengthLimit)
      problem = `label_value_length_limit exceeded (metric: ${metric}, label name: ${n.slice(0, 50)}, value: ${JSON.stringify(v.slice(0, 50))}, length: ${v.length}, limit: ${limits.labelValueLengthLimit})`
  })
  return problem
}
