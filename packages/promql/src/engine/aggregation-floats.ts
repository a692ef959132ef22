import type { Labels } from '@watchfire/model'
import type { FPoint } from '../value.js'
import type { AggregateExpr, Expr } from '../parser/ast.js'
import type { EvalMatrix, EvalSeries, FloatOutputSink } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { groupKeyFn } from './grouping.js'
import { canStreamRangeFunction, evalRangeFunction, rangeFunctionDropsName } from './range-functions.js'

/** The aggregations {@link SeriesMajorAggregator} computes. */
export const SERIES_MAJOR_OPS: ReadonlySet<string> = new Set(['sum', 'avg', 'count', 'min', 'max', 'group'])

/**
 * Whether an aggregation can run series by series: a plain float aggregation over inputs without
 * histograms whose series agree on name removal (the step-by-step path decides that per step).
 */
export function canAggregateBySeries(op: string, input: EvalMatrix): boolean {
  if (!SERIES_MAJOR_OPS.has(op) || input.length === 0) return false
  const dropName = (input[0] as EvalSeries).dropName
  for (const s of input) if (s.histograms.length > 0 || s.dropName !== dropName) return false
  return true
}

/** Kahan–Neumaier addition into slot `i` of the sum and compensation columns (as kahanAdd). */
function kahanAddAt(sum: Float64Array, c: Float64Array, i: number, inc: number): void {
  const s = sum[i] as number
  const t = s + inc
  if (t === Infinity || t === -Infinity) c[i] = 0
  else if (Math.abs(s) >= Math.abs(inc)) c[i] = (c[i] as number) + (s - t + inc)
  else c[i] = (c[i] as number) + (inc - t + s)
  sum[i] = t
}

/** Per-group accumulators, one slot per step. */
class GroupColumns {
  readonly count: Float64Array
  readonly sum: Float64Array
  readonly c: Float64Array
  readonly mean: Float64Array
  readonly incremental: Uint8Array

  constructor(steps: number, avg: boolean) {
    this.count = new Float64Array(steps)
    this.sum = new Float64Array(steps)
    this.c = new Float64Array(steps)
    this.mean = new Float64Array(avg ? steps : 0)
    this.incremental = new Uint8Array(avg ? steps : 0)
  }

  /** avg's update for a later sample (count already incremented), as the step-by-step path's avgAdd. */
  avgAdd(i: number, f: number): void {
    const count = this.count[i] as number
    if (this.incremental[i] === 0) {
      const savedSum = this.sum[i] as number
      const savedC = this.c[i] as number
      kahanAddAt(this.sum, this.c, i, f)
      if (Number.isFinite(this.sum[i])) return
      this.sum[i] = savedSum
      this.c[i] = savedC / (count - 1)
      this.incremental[i] = 1
      this.mean[i] = savedSum / (count - 1)
    }
    const q = (count - 1) / count
    // The running mean scaled by (n-1)/n, then f/n added with compensation.
    this.sum[i] = q * (this.mean[i] as number)
    this.c[i] = q * (this.c[i] as number)
    kahanAddAt(this.sum, this.c, i, f / count)
    this.mean[i] = this.sum[i] as number
  }

  /** The group's value at step `i` (only where count > 0). */
  value(op: string, i: number): number {
    const sum = this.sum[i] as number
    switch (op) {
      case 'sum':
        return sum === Infinity || sum === -Infinity ? sum : sum + (this.c[i] as number)
      case 'avg': {
        const c = this.c[i] as number
        if (this.incremental[i] === 1) return (this.mean[i] as number) + c
        const count = this.count[i] as number
        return sum / count + c / count
      }
      case 'count':
        return this.count[i] as number
      case 'group':
        return 1
      default:
        return sum
    }
  }
}

/**
 * sum, avg, count, min, max and group over float-only values fed series by series: each input
 * series' values land in its group's per-step slots, in input order per step (so compensated sums
 * add in the same order as step-by-step evaluation), with no per-step bookkeeping.
 */
export class SeriesMajorAggregator {
  private readonly columns: GroupColumns[] = []
  private current: GroupColumns | undefined

  constructor(
    private readonly ev: Evaluator,
    private readonly op: string,
  ) {}

  /** Routes the values that follow to group `index` (groups numbered in order of first appearance). */
  group(index: number): void {
    while (this.columns.length <= index)
      this.columns.push(new GroupColumns(this.ev.numSteps, this.op === 'avg'))
    this.current = this.columns[index]
  }

  /** Adds a value of the current series at step index `i`. */
  add(i: number, f: number): void {
    const g = this.current as GroupColumns
    const { count, sum } = g
    const n = (count[i] as number) + 1
    count[i] = n
    if (n === 1) {
      sum[i] = f
      if (this.op === 'avg') g.mean[i] = f
      return
    }
    switch (this.op) {
      case 'sum':
        kahanAddAt(sum, g.c, i, f)
        break
      case 'avg':
        g.avgAdd(i, f)
        break
      case 'max':
        if ((sum[i] as number) < f || Number.isNaN(sum[i])) sum[i] = f
        break
      case 'min':
        if ((sum[i] as number) > f || Number.isNaN(sum[i])) sum[i] = f
        break
      default:
        break
    }
  }

  /** The groups' series (`labels[i]` naming group i), leaving out groups without any value. */
  finish(labels: readonly Labels[], dropName: boolean): EvalMatrix {
    const ev = this.ev
    const out: EvalMatrix = []
    for (let gi = 0; gi < this.columns.length; gi++) {
      const g = this.columns[gi] as GroupColumns
      const floats: FPoint[] = []
      for (let i = 0; i < ev.numSteps; i++) {
        if (g.count[i] !== 0) floats.push({ t: ev.startMs + i * ev.intervalMs, f: g.value(this.op, i) })
      }
      if (floats.length === 0) continue
      ev.ctx.limits.add(floats.length)
      out.push({ metric: labels[gi] as Labels, floats, histograms: [], dropName })
    }
    return out
  }
}

/**
 * {@link SeriesMajorAggregator} over an evaluated input; `groupOf[i]` is the index into
 * `groupLabels` of input series i.
 */
export async function aggregateFloatsBySeries(
  ev: Evaluator,
  op: string,
  input: EvalMatrix,
  groupOf: readonly number[],
  groupLabels: readonly Labels[],
): Promise<EvalMatrix> {
  const limits = ev.ctx.limits
  const agg = new SeriesMajorAggregator(ev, op)
  for (let si = 0; si < input.length; si++) {
    limits.check()
    if (si % 64 === 63 && limits.shouldYield()) await limits.yieldNow()
    const floats = (input[si] as EvalSeries).floats
    agg.group(groupOf[si] as number)
    for (let k = 0; k < floats.length; k++) {
      const p = floats[k] as FPoint
      // Points sit exactly on this evaluator's steps.
      agg.add(((p.t - ev.startMs) / ev.intervalMs) | 0, p.f)
    }
  }
  return agg.finish(groupLabels, (input[0] as EvalSeries).dropName)
}

/**
 * An aggregation straight over a selector or a range function of one (`sum by (job)
 * (rate(x[5m]))`): the values go into the groups as they are computed, never becoming points.
 * Undefined when the values could be anything but floats.
 */
export async function aggregateFused(
  ev: Evaluator,
  node: AggregateExpr,
  inner: Expr,
): Promise<EvalMatrix | undefined> {
  let feed: ((outputs: FloatOutputSink) => Promise<unknown>) | undefined
  let dropName = false
  if (inner.type === 'Call') {
    // The argument evalCall would treat as the range: the first range selector or subquery.
    const matrixIndex = inner.args.findIndex((a) => a.type === 'MatrixSelector' || a.type === 'SubqueryExpr')
    if (matrixIndex >= 0 && canStreamRangeFunction(ev, inner, matrixIndex)) {
      feed = (outputs) => evalRangeFunction(ev, inner, matrixIndex, outputs)
      dropName = rangeFunctionDropsName(inner.func.name)
    }
  } else if (
    inner.type === 'VectorSelector' &&
    !inner.smoothed &&
    (ev.ctx.series.get(inner) ?? []).every((s) => s.histograms.length === 0)
  ) {
    feed = async (outputs) => ev.evalVectorSelector(inner, false, outputs)
  }
  if (feed === undefined) return undefined
  ev.ctx.limits.check()
  const group = groupKeyFn(node.grouping, node.without)
  const agg = new SeriesMajorAggregator(ev, node.op)
  const labels: Labels[] = []
  const byKey = new Map<string, number>()
  await feed({
    series(metric) {
      const g = group(metric)
      let index = byKey.get(g.key)
      if (index === undefined) {
        index = labels.length
        byKey.set(g.key, index)
        labels.push(g.labels)
      }
      agg.group(index)
    },
    float: (step, f) => agg.add(step, f),
  })
  return agg.finish(labels, dropName)
}
