import type { Labels, NativeHistogram } from '@watchfire/model'
import type { Call, Expr } from '../parser/ast.js'
import type { EvalSample, EvalVector } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { formatG } from '../value.js'
import { ANNOTATIONS } from './kernels/annotation-texts.js'
import {
  classicFraction,
  classicQuantile,
  nativeFraction,
  nativeQuantile,
  type ClassicBucket,
} from './kernels/histogram-kernels.js'

interface BucketGroup {
  metric: Labels
  buckets: ClassicBucket[]
}

/** What a classic bucket series' labels say: its upper bound and its group (labels without `le`). */
interface BucketLabels {
  upper: number | undefined
  without: Labels
  key: string
}

// The same series come back at every step: parse their labels once (by identity, weakly).
const bucketLabelsCache = new WeakMap<Labels, BucketLabels>()

function bucketLabels(metric: Labels): BucketLabels {
  let b = bucketLabelsCache.get(metric)
  if (b === undefined) {
    const without = metric.without('le')
    b = { upper: parseGoFloat(metric.get('le')), without, key: without.toFlat().join('\xff') }
    bucketLabelsCache.set(metric, b)
  }
  return b
}

/** Splits a step's input into native histograms and classic bucket groups (keyed by labels without `le`). */
function partition(
  ev: Evaluator,
  input: EvalVector,
  arg: Expr,
): { natives: EvalSample[]; groups: Map<string, BucketGroup> } {
  const sink = ev.ctx.annotations.sink(arg.pos)
  const natives: EvalSample[] = []
  const groups = new Map<string, BucketGroup>()
  for (const s of input) {
    if (s.h !== undefined) {
      natives.push(s)
      continue
    }
    const { upper, without, key } = bucketLabels(s.metric)
    if (upper === undefined) {
      sink.warn(ANNOTATIONS.badBucketLabel(s.metric.get('__name__'), s.metric.get('le')))
      continue
    }
    let g = groups.get(key)
    if (g === undefined) groups.set(key, (g = { metric: without, buckets: [] }))
    g.buckets.push({ upperBound: upper, count: s.f })
  }
  const kept: EvalSample[] = []
  for (const s of natives) {
    const key = s.metric.toFlat().join('\xff')
    const g = groups.get(key)
    if (g !== undefined && g.buckets.length > 0) {
      sink.warn(ANNOTATIONS.mixedClassicNative(s.metric.get('__name__')))
      groups.delete(key)
      continue
    }
    kept.push(s)
  }
  return { natives: kept, groups }
}

/** `histogram_quantile(φ, v)` over native histograms and classic `le` buckets alike. */
export function histogramQuantileStep(ev: Evaluator, node: Call, q: number, input: EvalVector): EvalVector {
  const out: EvalVector = []
  const arg = node.args[1] as Expr
  const sink = ev.ctx.annotations.sink(arg.pos)
  if (Number.isNaN(q) || q < 0 || q > 1)
    ev.ctx.annotations.sink((node.args[0] as Expr).pos).warn(ANNOTATIONS.invalidQuantile(q))
  const { natives, groups } = partition(ev, input, arg)
  for (const s of natives) {
    out.push({
      metric: s.metric,
      f: nativeQuantile(q, s.h as NativeHistogram, s.metric.get('__name__'), sink),
      h: undefined,
      dropName: true,
    })
  }
  for (const g of groups.values()) {
    if (g.buckets.length === 0) continue
    const res = classicQuantile(q, g.buckets)
    if (res.forcedMonotonic) sink.info(ANNOTATIONS.forcedMonotonicity(g.metric.get('__name__')))
    out.push({ metric: g.metric, f: res.value, h: undefined, dropName: true })
  }
  return out
}

/**
 * `histogram_quantiles(v, "label", φ1, φ2, ...)`: one histogram_quantile per φ, each result
 * labelled with its φ (OpenMetrics float text) under `label`.
 */
export function histogramQuantilesStep(
  ev: Evaluator,
  node: Call,
  vectors: readonly EvalVector[],
): EvalVector {
  const labelArg = node.args[1]
  const label = labelArg?.type === 'StringLiteral' ? labelArg.value : ''
  const out: EvalVector = []
  const { natives, groups } = partition(ev, vectors[0] ?? [], node.args[0] as Expr)
  const sink = ev.ctx.annotations.sink((node.args[0] as Expr).pos)
  for (let i = 2; i < node.args.length; i++) {
    const q = vectors[i]?.[0]?.f ?? NaN
    if (Number.isNaN(q) || q < 0 || q > 1)
      ev.ctx.annotations.sink((node.args[i] as Expr).pos).warn(ANNOTATIONS.invalidQuantile(q))
    const text = openMetricsFloat(q)
    for (const s of natives) {
      const f = nativeQuantile(q, s.h as NativeHistogram, s.metric.get('__name__'), sink)
      out.push({ metric: s.metric.with(label, text), f, h: undefined, dropName: true })
    }
    for (const g of groups.values()) {
      if (g.buckets.length === 0) continue
      const res = classicQuantile(q, g.buckets)
      if (res.forcedMonotonic) sink.info(ANNOTATIONS.forcedMonotonicity(g.metric.get('__name__')))
      out.push({ metric: g.metric.with(label, text), f: res.value, h: undefined, dropName: true })
    }
  }
  return out
}

/** Prometheus's labels.FormatOpenMetricsFloat: Go's shortest `%g`, with `.0` added to integers. */
export function openMetricsFloat(q: number): string {
  const text = formatG(q)
  return Number.isFinite(q) && !/[.e]/.test(text) ? `${text}.0` : text
}

/** `histogram_fraction(lower, upper, v)`. */
export function histogramFractionStep(
  ev: Evaluator,
  node: Call,
  lower: number,
  upper: number,
  input: EvalVector,
): EvalVector {
  const out: EvalVector = []
  const arg = node.args[2] as Expr
  const sink = ev.ctx.annotations.sink(arg.pos)
  const { natives, groups } = partition(ev, input, arg)
  for (const s of natives) {
    out.push({
      metric: s.metric,
      f: nativeFraction(lower, upper, s.h as NativeHistogram, s.metric.get('__name__'), sink),
      h: undefined,
      dropName: true,
    })
  }
  for (const g of groups.values()) {
    if (g.buckets.length === 0) continue
    out.push({ metric: g.metric, f: classicFraction(lower, upper, g.buckets), h: undefined, dropName: true })
  }
  return out
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** Go's strconv.ParseFloat for bucket bounds: decimals, `Inf`/`Infinity`/`NaN` in any case; undefined if malformed. */
export function parseGoFloat(text: string): number | undefined {
  const lower = text.toLowerCase().replace(/^\+/, '')
  if (lower === 'inf' || lower === 'infinity') return Infinity
  if (lower === '-inf' || lower === '-infinity') return -Infinity
  if (lower === 'nan') return NaN
  if (!DECIMAL.test(text)) return undefined
  return Number(text)
}
