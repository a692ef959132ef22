import type { Exemplar, LabelRecord } from '@watchfire/model'
import { LabelError } from './errors.js'

/** OpenMetrics caps an exemplar's label names and values at 128 characters in total. */
const MAX_EXEMPLAR_LABEL_CHARS = 128

/** prom-client's JSON shape of an exemplar: timestamp in seconds since the epoch. */
export interface ExemplarJSON {
  labelSet: LabelRecord
  value: number
  timestamp: number | undefined
}

/**
 * True if an object argument is the `{ labels, value, exemplarLabels }` form rather than a label record; lets
 * metrics with exemplars enabled still take `inc(labels)` and `observe(labels, v)`.
 */
export function isExemplarForm(arg: object): boolean {
  return 'exemplarLabels' in arg || 'labels' in arg || 'value' in arg
}

/** Validates exemplar labels and stamps a new exemplar with the current time. */
export function makeExemplar(metricName: string, labels: object, value: number): Exemplar {
  const out: Record<string, string> = {}
  let chars = 0
  for (const [name, raw] of Object.entries(labels)) {
    const v = typeof raw === 'string' ? raw : String(raw)
    out[name] = v
    chars += [...name].length + [...v].length
  }
  if (chars > MAX_EXEMPLAR_LABEL_CHARS) {
    throw new LabelError(
      `cannot attach exemplar to metric ${metricName} (labels total ${chars} characters, more than ${MAX_EXEMPLAR_LABEL_CHARS})`,
    )
  }
  return { labels: Object.freeze(out), value, timestampMs: Date.now() }
}

/** The exemplar as prom-client's `get()` reports it. */
export function exemplarToJSON(e: Exemplar): ExemplarJSON {
  return {
    labelSet: e.labels,
    value: e.value,
    timestamp: e.timestampMs === undefined ? undefined : e.timestampMs / 1000,
  }
}
