import { Labels, type NativeHistogram } from '@watchfire/model'
import type { AggregateExpr, Expr } from '../parser/ast.js'
import { formatG } from '../value.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSeries } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import {
  compactHistogram,
  divideHistogram,
  IncompatibleHistogramSchemaError,
} from './kernels/float-histogram.js'
import { HistogramKahanSum } from './kernels/histogram-kahan-sum.js'
import { ANNOTATIONS } from './kernels/annotation-texts.js'
import { kahanAdd, kahanTotal, type KahanPair } from './kernels/kahan.js'
import { sampleQuantile } from './kernels/sample-quantile.js'
import { evalCountValues } from './count-values.js'
import { evalAggregationK } from './aggregation-k.js'
import {
  aggregateFloatsBySeries,
  aggregateFused,
  canAggregateBySeries,
  SERIES_MAJOR_OPS,
} from './aggregation-floats.js'
import { groupKeyFn } from './grouping.js'
import { StepCursor } from './step-cursor.js'

/** The scalar parameter of an aggregation at every step (NaN-filled when absent). */
export async function paramValues(ev: Evaluator, node: AggregateExpr): Promise<Float64Array> {
  const out = new Float64Array(ev.numSteps).fill(NaN)
  if (node.param === null) return out
  const m = await ev.matrix(node.param)
  for (const p of m[0]?.floats ?? []) out[Math.round((p.t - ev.startMs) / ev.intervalMs)] = p.f
  return out
}

interface Group {
  /** Position in order of first appearance. */
  index: number
  labels: Labels
  series: EvalSeries
  seen: boolean
  f: number
  kahan: KahanPair
  mean: number
  count: number
  h: HistogramKahanSum | undefined
  /** avg of histograms switched to an incremental mean after the direct sum overflowed. */
  histogramIncrementalMean: boolean
  hasFloat: boolean
  hasHistogram: boolean
  incompatible: boolean
  values: number[]
  dropName: boolean
  resetSeen: boolean
  notResetSeen: boolean
  incrementalMean: boolean
}

/** Evaluates an aggregation (sum, avg, count, min, max, group, stddev, stdvar, quantile, topk, …). */
export async function evalAggregation(ev: Evaluator, node: AggregateExpr): Promise<EvalMatrix> {
  if (node.op === 'count_values') return evalCountValues(ev, node)
  const params = await paramValues(ev, node)
  let inner: Expr = node.expr
  while (inner.type === 'ParenExpr') inner = inner.expr
  if (SERIES_MAJOR_OPS.has(node.op)) {
    const fused = await aggregateFused(ev, node, inner)
    if (fused !== undefined) return fused
  }
  const input = await ev.matrix(node.expr)
  if (node.op === 'topk' || node.op === 'bottomk' || node.op === 'limitk' || node.op === 'limit_ratio') {
    return evalAggregationK(ev, node, input, params)
  }
  const a = ev.ctx.annotations
  const exprPos = node.expr.pos
  if (node.op === 'quantile') {
    let min = Infinity
    let max = -Infinity
    let nan = false
    for (const q of params) {
      if (Number.isNaN(q)) nan = true
      else {
        min = Math.min(min, q)
        max = Math.max(max, q)
      }
    }
    const pos = (node.param ?? node).pos
    if (nan) a.sink(pos).warn(ANNOTATIONS.invalidQuantile(NaN))
    if (max > 1) a.sink(pos).warn(ANNOTATIONS.invalidQuantile(max))
    if (min < 0) a.sink(pos).warn(ANNOTATIONS.invalidQuantile(min))
  }
  const group = groupKeyFn(node.grouping, node.without)
  const groups: Group[] = []
  const byKey = new Map<string, Group>()
  const seriesGroup: Group[] = []
  const groupIndex: number[] = []
  for (const s of input) {
    const { labels: g, key } = group(s.metric)
    let grp = byKey.get(key)
    if (grp === undefined) {
      grp = {
        index: groups.length,
        labels: g,
        series: { metric: g, floats: [], histograms: [], dropName: false },
        seen: false,
        f: 0,
        kahan: { sum: 0, c: 0 },
        mean: 0,
        count: 0,
        h: undefined,
        histogramIncrementalMean: false,
        hasFloat: false,
        hasHistogram: false,
        incompatible: false,
        values: [],
        dropName: false,
        resetSeen: false,
        notResetSeen: false,
        incrementalMean: false,
      }
      byKey.set(key, grp)
      groups.push(grp)
    }
    seriesGroup.push(grp)
    groupIndex.push(grp.index)
  }
  if (canAggregateBySeries(node.op, input)) {
    return aggregateFloatsBySeries(
      ev,
      node.op,
      input,
      groupIndex,
      groups.map((g) => g.labels),
    )
  }
  const cursors = input.map((s) => new StepCursor(s))
  const ignored = (op: string): void => a.info(`ignored histogram in ${op} aggregation`, exprPos)
  const op = node.op
  for (let ts = ev.startMs, step = 0; ts <= ev.endMs; ts += ev.intervalMs, step++) {
    ev.ctx.limits.check()
    if (step % 64 === 63 && ev.ctx.limits.shouldYield()) await ev.ctx.limits.yieldNow()
    for (const g of groups) g.seen = false
    for (let si = 0; si < input.length; si++) {
      const c = cursors[si] as StepCursor
      if (!c.at(ts)) continue
      const s = input[si] as EvalSeries
      const { f, h } = c
      const g = seriesGroup[si] as Group
      if (!g.seen) {
        g.seen = true
        g.f = f
        g.mean = f
        g.count = 1
        g.kahan.sum = f
        g.kahan.c = 0
        g.h = undefined
        g.histogramIncrementalMean = false
        g.hasFloat = false
        g.hasHistogram = false
        g.incompatible = false
        g.dropName = s.dropName
        g.resetSeen = false
        g.notResetSeen = false
        g.incrementalMean = false
        switch (op) {
          case 'sum':
          case 'avg':
            if (h === undefined) g.hasFloat = true
            else {
              g.h = HistogramKahanSum.of(h)
              g.hasHistogram = true
              noteHint(g, h)
            }
            break
          case 'stddev':
          case 'stdvar':
            if (h !== undefined) {
              g.seen = false
              ignored(op)
            } else g.f = Number.isFinite(f) ? 0 : NaN
            break
          case 'quantile':
            if (h !== undefined) {
              g.seen = false
              ignored(op)
            }
            g.values = [f]
            break
          case 'group':
            g.f = 1
            break
          case 'min':
          case 'max':
            if (h !== undefined) {
              g.seen = false
              ignored(op)
            }
            break
          default:
            break
        }
        continue
      }
      if (g.incompatible) continue
      if (s.dropName) g.dropName = true
      switch (op) {
        case 'sum':
          if (h !== undefined) {
            g.hasHistogram = true
            if (g.h !== undefined) {
              noteHint(g, h)
              addOrFlag(ev, node, g, g.h, h, s.metric.get('__name__'))
            }
          } else {
            g.hasFloat = true
            kahanAdd(g.kahan, f)
          }
          break
        case 'avg':
          g.count++
          if (h !== undefined) {
            g.hasHistogram = true
            if (g.h !== undefined) {
              noteHint(g, h)
              avgHistogramAdd(ev, node, g, g.h, h, s.metric.get('__name__'))
            }
          } else {
            g.hasFloat = true
            avgAdd(g, f)
          }
          break
        case 'max':
          if (h !== undefined) ignored(op)
          else if (g.f < f || Number.isNaN(g.f)) g.f = f
          break
        case 'min':
          if (h !== undefined) ignored(op)
          else if (g.f > f || Number.isNaN(g.f)) g.f = f
          break
        case 'count':
          g.count++
          break
        case 'stddev':
        case 'stdvar':
          if (h !== undefined) ignored(op)
          else {
            g.count++
            const delta = f - g.mean
            g.mean += delta / g.count
            g.f += delta * (f - g.mean)
          }
          break
        case 'quantile':
          if (h !== undefined) ignored(op)
          else g.values.push(f)
          break
        default:
          break
      }
    }
    for (const g of groups) {
      if (!g.seen) continue
      let f = g.f
      let h: NativeHistogram | undefined
      switch (op) {
        case 'avg':
        case 'sum':
          if (g.hasFloat && g.hasHistogram) {
            a.sink(exprPos).warn(ANNOTATIONS.mixedFloatsHistogramsAggregation())
            continue
          }
          if (g.incompatible) continue
          if (g.hasHistogram && g.h !== undefined) {
            const divisor = op === 'avg' && !g.histogramIncrementalMean ? g.count : 1
            h = compactHistogram(g.h.total(divisor))
          } else if (op === 'sum') f = kahanTotal(g.kahan)
          else f = g.incrementalMean ? g.mean + g.kahan.c : g.kahan.sum / g.count + g.kahan.c / g.count
          break
        case 'count':
          f = g.count
          break
        case 'stdvar':
          f = g.f / g.count
          break
        case 'stddev':
          f = Math.sqrt(g.f / g.count)
          break
        case 'quantile':
          f = sampleQuantile(params[step] as number, g.values)
          break
        default:
          break
      }
      if (g.resetSeen && g.notResetSeen)
        a.sink(exprPos).warn(ANNOTATIONS.counterResetCollision('aggregation'))
      if (h === undefined) g.series.floats.push({ t: ts, f })
      else g.series.histograms.push({ t: ts, h })
      g.series.dropName = g.dropName
      ev.ctx.limits.add(1)
    }
  }
  return groups.filter((g) => g.series.floats.length + g.series.histograms.length > 0).map((g) => g.series)
}

/** Kahan-summed mean that switches to an incremental mean once the plain sum overflows (as Prometheus's avg). */
function avgAdd(g: Group, f: number): void {
  if (!g.incrementalMean) {
    const saved = { sum: g.kahan.sum, c: g.kahan.c }
    kahanAdd(g.kahan, f)
    if (Number.isFinite(g.kahan.sum)) return
    g.kahan.sum = saved.sum
    g.kahan.c = saved.c
    g.incrementalMean = true
    g.mean = g.kahan.sum / (g.count - 1)
    g.kahan.c /= g.count - 1
  }
  const q = (g.count - 1) / g.count
  const acc = { sum: q * g.mean, c: q * g.kahan.c }
  kahanAdd(acc, f / g.count)
  g.mean = acc.sum
  g.kahan.c = acc.c
}

function noteHint(g: Group, h: NativeHistogram): void {
  if (h.counterResetHint === 'reset') g.resetSeen = true
  else if (h.counterResetHint === 'not-reset') g.notResetSeen = true
}

/** Adds `h` into the group's compensated sum, or flags the group when the bucket kinds do not mix. */
function addOrFlag(
  ev: Evaluator,
  node: AggregateExpr,
  g: Group,
  acc: HistogramKahanSum,
  h: NativeHistogram,
  metricName: string,
): boolean {
  try {
    if (acc.add(h).customBoundsReconciled)
      ev.ctx.annotations.sink(node.expr.pos).info(ANNOTATIONS.mismatchedCustomBuckets('aggregation'))
    return true
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    ev.ctx.annotations.sink(node.expr.pos).warn(ANNOTATIONS.mixedExponentialCustom(metricName))
    g.incompatible = true
    return false
  }
}

/**
 * avg of histograms: a compensated direct sum while it does not overflow, then an incremental
 * mean (the running mean scaled by (n-1)/n plus h/n), as Prometheus does.
 */
function avgHistogramAdd(
  ev: Evaluator,
  node: AggregateExpr,
  g: Group,
  acc: HistogramKahanSum,
  h: NativeHistogram,
  metricName: string,
): void {
  if (!g.histogramIncrementalMean) {
    const next = acc.clone()
    if (!addOrFlag(ev, node, g, next, h, metricName)) return
    if (!next.hasOverflow()) {
      g.h = next
      return
    }
    g.histogramIncrementalMean = true
    acc.divide(g.count - 1)
  }
  acc.multiply((g.count - 1) / g.count)
  addOrFlag(ev, node, g, acc, divideHistogram(h, g.count), metricName)
}

/** `Scalar value %v overflows int64`-style checks shared by topk/bottomk/limitk. */
export function checkKParam(min: number, max: number, anyNaN: boolean): void {
  if (anyNaN) throw evalError('Parameter value is NaN')
  if (min <= -(2 ** 63)) throw evalError(`Scalar value ${formatG(min)} underflows int64`)
  if (max >= 2 ** 63) throw evalError(`Scalar value ${formatG(max)} overflows int64`)
}
