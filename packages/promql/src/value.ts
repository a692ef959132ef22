import type { Labels, NativeHistogram } from '@watchfire/model'
import { formatNumber } from './parser/numbers.js'

/**
 * The engine's result types, shaped after Prometheus's promql/value.go. Histograms are
 * float histograms: counts may be fractional or negative after arithmetic.
 */

/** A number not tied to any series, e.g. the result of `1 + 1`. */
export interface Scalar {
  readonly type: 'scalar'
  t: number
  v: number
}

/** A string literal result. */
export interface StringValue {
  readonly type: 'string'
  t: number
  v: string
}

/** One value of one series at one instant; exactly one of `f` (float) or `h` (histogram) applies. */
export interface Sample {
  metric: Labels
  t: number
  f: number
  h?: NativeHistogram
}

/** A float point of a series. */
export interface FPoint {
  t: number
  f: number
}

/** A histogram point of a series. */
export interface HPoint {
  t: number
  h: NativeHistogram
}

/** A series over a time range; floats and histograms each in timestamp order. */
export interface Series {
  metric: Labels
  floats: FPoint[]
  histograms: HPoint[]
}

/** A set of samples at one instant. */
export type Vector = Sample[]

/** A set of series over a range. */
export type Matrix = Series[]

/** An instant vector result. */
export interface VectorValue {
  readonly type: 'vector'
  samples: Vector
}

/** A range vector (matrix) result. */
export interface MatrixValue {
  readonly type: 'matrix'
  series: Matrix
}

/** Any query result, discriminated by `type`. */
export type Value = Scalar | StringValue | VectorValue | MatrixValue

/**
 * Prints a result as Prometheus's `String()` methods do, which is what its error messages and
 * promqltest diffs show: `{a="b"} => 1 @[60000]` per sample, `scalar: 2 @[0]`, series as
 * `{labels} =>` followed by one point per line.
 */
export function formatValue(value: Value): string {
  switch (value.type) {
    case 'scalar':
      return `scalar: ${formatNumber(value.v)} @[${value.t}]`
    case 'string':
      return value.v
    case 'vector':
      return value.samples.map(formatSample).join('\n')
    case 'matrix':
      return value.series.map(formatSeries).join('\n')
  }
}

/** `{labels} => value @[t]`. */
export function formatSample(s: Sample): string {
  const v = s.h !== undefined ? formatHistogram(s.h) : formatNumber(s.f)
  return `${s.metric.toString()} => ${v} @[${s.t}]`
}

/** `{labels} =>` then each float point, then each histogram point, one per line. */
export function formatSeries(s: Series): string {
  const points = [
    ...s.floats.map((p) => `${formatNumber(p.f)} @[${p.t}]`),
    ...s.histograms.map((p) => `${formatHistogram(p.h)} @[${p.t}]`),
  ]
  return `${s.metric.toString()} =>\n${points.join('\n')}`
}

/**
 * `{count:3, sum:5, [-2,-1):1, [-0.001,0.001]:1, (1,2]:1}` as Go's FloatHistogram.String prints
 * it: non-empty buckets from the most negative upwards, lower/upper bound inclusiveness shown.
 */
export function formatHistogram(h: NativeHistogram): string {
  const parts = [`count:${formatG(h.count)}`, `sum:${formatG(h.sum)}`]
  const negative = bucketsOf(h.negativeSpans, h.negativeBuckets)
  for (let i = negative.length - 1; i >= 0; i--) {
    const [index, count] = negative[i] as [number, number]
    if (count === 0) continue
    const [lo, hi] = bucketBounds(h, index)
    parts.push(`[${formatG(-hi)},${formatG(-lo)}):${formatG(count)}`)
  }
  if (h.zeroCount !== 0) {
    parts.push(`[${formatG(-h.zeroThreshold)},${formatG(h.zeroThreshold)}]:${formatG(h.zeroCount)}`)
  }
  for (const [index, count] of bucketsOf(h.positiveSpans, h.positiveBuckets)) {
    if (count === 0) continue
    const [lo, hi] = bucketBounds(h, index)
    parts.push(`(${formatG(lo)},${formatG(hi)}]:${formatG(count)}`)
  }
  return `{${parts.join(', ')}}`
}

/** `[bucket index, count]` pairs in index order; each span's offset is the gap after the previous one. */
function bucketsOf(spans: NativeHistogram['positiveSpans'], counts: readonly number[]): [number, number][] {
  const out: [number, number][] = []
  let index = 0
  let k = 0
  for (const span of spans) {
    index += span.offset
    for (let j = 0; j < span.length; j++) out.push([index + j, counts[k++] ?? 0])
    index += span.length
  }
  return out
}

/** Lower and upper bound of bucket `index` (positive side). */
function bucketBounds(h: NativeHistogram, index: number): [number, number] {
  if (h.schema === -53) {
    const cv = h.customValues ?? []
    return [index === 0 ? -Infinity : (cv[index - 1] ?? Infinity), cv[index] ?? Infinity]
  }
  const base = 2 ** (2 ** -h.schema)
  return [base ** (index - 1), base ** index]
}

/** Go's `%g` with shortest precision: exponent form when the decimal exponent is < -4 or >= 6. */
export function formatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const [mantissa, expText] = v.toExponential().split('e') as [string, string]
  const exp = Number(expText)
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+'
    const digits = String(Math.abs(exp)).padStart(2, '0')
    return `${mantissa}e${sign}${digits}`
  }
  return formatNumber(v)
}
