import type { NativeHistogram } from '@watchfire/model'
import { formatDuration, formatHistogram, formatNumber, type Value } from '@watchfire/promql'
import { HarnessError } from './errors.js'
import { formatLabels } from './format-labels.js'

/** One series of a result as plain data: its labels, its latest value and every point. */
export interface SeriesView {
  /** All labels, `__name__` included when the query keeps it. */
  labels: Record<string, string>
  /** The value at the query time (instant queries) or the last point (range queries); NaN for a histogram. */
  value: number
  /** `[timeMs, value]` pairs in time order (one for an instant query); float points only. */
  points: [number, number][]
  /** The native histogram of an instant histogram sample. */
  histogram?: NativeHistogram
}

/** When and what was asked: the instant, or the range and step. */
export type QueryTiming =
  | { kind: 'instant'; timeMs: number; startMs: number }
  | { kind: 'range'; startMs: number; endMs: number; stepMs: number; harnessStartMs: number }

/**
 * The answer to a harness query with helpers for assertions: `series()` as plain objects,
 * `value()` for a single number, `toString()` in Prometheus's own notation.
 */
export class MetricsQueryResult {
  /** The PromQL expression. */
  readonly expr: string
  /** The engine's value, untouched. */
  readonly result: Value
  /** Annotations the engine raised (e.g. a rate over something that is not a counter). */
  readonly warnings: readonly string[]
  /** When the query ran, in fake time. */
  readonly timing: QueryTiming

  constructor(expr: string, result: Value, warnings: readonly string[], timing: QueryTiming) {
    this.expr = expr
    this.result = result
    this.warnings = warnings
    this.timing = timing
  }

  /** Every series, sorted by labels as the engine returns them. */
  series(): SeriesView[] {
    const r = this.result
    switch (r.type) {
      case 'string':
        return []
      case 'scalar':
        return [{ labels: {}, value: r.v, points: [[r.t, r.v]] }]
      case 'vector':
        return r.samples.map((s) =>
          s.h === undefined
            ? { labels: s.metric.toRecord(), value: s.f, points: [[s.t, s.f]] }
            : { labels: s.metric.toRecord(), value: NaN, points: [], histogram: s.h },
        )
      case 'matrix':
        return r.series.map((s) => ({
          labels: s.metric.toRecord(),
          value: s.floats.at(-1)?.f ?? NaN,
          points: s.floats.map((p): [number, number] => [p.t, p.f]),
        }))
    }
  }

  /** The one number of an instant query that returned a scalar or exactly one float sample; throws otherwise. */
  value(): number {
    const r = this.result
    if (r.type === 'scalar') return r.v
    const series = this.series()
    const only = series[0]
    if (r.type === 'vector' && series.length === 1 && only !== undefined && only.histogram === undefined)
      return only.value
    const why =
      r.type === 'matrix'
        ? 'it is a range result; use series()'
        : r.type === 'string'
          ? 'it is a string'
          : series.length === 1
            ? 'its sample is a histogram; use series()[0].histogram'
            : `it has ${series.length} series${series.length === 0 ? '' : `:\n${this.toString()}`}`
    throw new HarnessError('ERR_HARNESS_RESULT', `cannot read a single value of ${this.describe()} (${why})`)
  }

  /** `expr at +5m` (instant) or `expr over +0s..+5m step 15s` (range): times relative to the harness start. */
  describe(): string {
    const t = this.timing
    if (t.kind === 'instant') return `${this.expr} at ${relative(t.timeMs - t.startMs)}`
    return `${this.expr} over ${relative(t.startMs - t.harnessStartMs)}..${relative(t.endMs - t.harnessStartMs)} step ${formatDuration(t.stepMs)}`
  }

  /** One line per sample, `name{labels} => value @[t]` (points indented under a range series), or `(no series)`. */
  toString(): string {
    const r = this.result
    if (r.type === 'string') return r.v
    if (r.type === 'scalar') return `scalar: ${formatNumber(r.v)} @[${r.t}]`
    if (r.type === 'vector') {
      if (r.samples.length === 0) return '(no series)'
      return r.samples
        .map(
          (s) =>
            `${formatLabels(s.metric.toRecord())} => ${s.h === undefined ? formatNumber(s.f) : formatHistogram(s.h)} @[${s.t}]`,
        )
        .join('\n')
    }
    if (r.series.length === 0) return '(no series)'
    return r.series
      .map((s) => {
        const points = [
          ...s.floats.map((p) => `  ${formatNumber(p.f)} @[${p.t}]`),
          ...s.histograms.map((p) => `  ${formatHistogram(p.h)} @[${p.t}]`),
        ]
        return `${formatLabels(s.metric.toRecord())} =>\n${points.join('\n')}`
      })
      .join('\n')
  }
}

function relative(ms: number): string {
  return ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`
}
