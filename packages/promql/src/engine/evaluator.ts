import { Labels } from '@watchfire/model'
import { isStaleNaN } from '@watchfire/storage'
import type { Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js'
import type { FPoint, HPoint } from '../value.js'
import { evalBinary } from './binary.js'
import { evalAggregation } from './aggregation.js'
import { evalCall } from './functions.js'
import { evalError } from './errors.js'
import type {
  EvalContext,
  EvalMatrix,
  EvalResult,
  EvalSample,
  EvalSeries,
  EvalVector,
  FloatOutputSink,
} from './eval-types.js'
import { LabelsMap } from './labels-map.js'
import { evalSmoothedSelector } from './smoothed-selector.js'
import { extendFloats } from './kernels/extended-rate-kernels.js'
import { type FloatColumns, lastAtOrBefore, lastPointAtOrBefore, type StoredSeries } from './stored-series.js'
import { scaleHistogram } from './kernels/float-histogram.js'

/** Called once per step with the arguments' vectors at that step; returns the step's output. */
export type StepFunction = (vectors: EvalVector[], ts: number) => EvalVector

/**
 * A range-vector source for functions: selected series or a subquery's result, with its window.
 * Only selected series may carry start timestamps (`floats.fst`, `hst` parallel to `histograms`):
 * a subquery's points have none, which is how subqueries cut their propagation.
 */
export interface RangeSource {
  series: {
    metric: Labels
    floats: FloatColumns
    histograms: readonly HPoint[]
    hst?: Float64Array | undefined
    dropName: boolean
  }[]
  rangeMs: number
  offsetMs: number
  atMs: number | null
  selector: VectorSelector | null
}

const SAME_LABELSET = 'vector cannot contain metrics with the same labelset'

/**
 * Evaluates an expression over the steps `startMs..endMs` (every `intervalMs`) the way
 * Prometheus's evaluator does: each vector-typed node yields a matrix with one point per step at
 * which a series has a value; operators and functions run step by step over the inputs' vectors.
 */
export class Evaluator {
  readonly numSteps: number

  constructor(
    readonly ctx: EvalContext,
    readonly startMs: number,
    readonly endMs: number,
    readonly intervalMs: number,
  ) {
    this.numSteps = Math.floor((endMs - startMs) / intervalMs) + 1
  }

  /** Evaluates a node that is not a string literal. */
  async matrix(node: Expr): Promise<EvalMatrix> {
    const v = await this.eval(node)
    if (!Array.isArray(v)) throw evalError('unexpected string value where a vector or scalar was expected')
    return v
  }

  /** Evaluates any node. */
  async eval(node: Expr): Promise<EvalResult> {
    this.ctx.limits.check()
    if (this.endMs < this.startMs) return []
    switch (node.type) {
      case 'NumberLiteral': {
        const v = node.value
        return this.rangeEval([], () => [{ metric: Labels.EMPTY, f: v, h: undefined, dropName: false }])
      }
      case 'StringLiteral':
        return { kind: 'string', v: node.value }
      case 'ParenExpr':
        return this.eval(node.expr)
      case 'UnaryExpr':
        return this.evalUnary(node.op, node.expr)
      case 'VectorSelector':
        return this.evalVectorSelector(node, false)
      case 'MatrixSelector':
        return this.evalMatrixSelector(node)
      case 'SubqueryExpr':
        return this.evalSubquery(node)
      case 'StepInvariantExpr':
        return this.evalStepInvariant(node.expr)
      case 'BinaryExpr':
        return evalBinary(this, node)
      case 'AggregateExpr':
        return evalAggregation(this, node)
      case 'Call':
        return evalCall(this, node)
    }
  }

  /**
   * Runs `fn` at every step over the vectors of `args` (null and string arguments yield empty
   * vectors) and assembles the outputs into series.
   */
  async rangeEval(args: readonly (Expr | null)[], fn: StepFunction): Promise<EvalMatrix> {
    const inputs: EvalMatrix[] = []
    for (const a of args) {
      if (a === null) inputs.push([])
      else {
        const v = await this.eval(a)
        inputs.push(Array.isArray(v) ? v : [])
      }
    }
    return this.rangeEvalMatrices(inputs, fn)
  }

  /** {@link rangeEval} over already evaluated inputs. */
  async rangeEvalMatrices(inputs: readonly EvalMatrix[], fn: StepFunction): Promise<EvalMatrix> {
    const limits = this.ctx.limits
    const inputSize = inputs.reduce((n, m) => n + matrixSize(m), 0)
    // Per input series: a reusable sample and cursors into its points.
    const cursors = inputs.map((m) =>
      m.map((s) => ({
        s,
        fi: 0,
        hi: 0,
        sample: { metric: s.metric, f: 0, h: undefined, dropName: s.dropName } as EvalSample,
      })),
    )
    const vectors: EvalVector[] = inputs.map(() => [])
    const out = new LabelsMap<{ series: EvalSeries; lastTs: number }>()
    const order: EvalSeries[] = []
    for (let ts = this.startMs, step = 0; ts <= this.endMs; ts += this.intervalMs, step++) {
      limits.check()
      if (step % 64 === 63 && limits.shouldYield()) await limits.yieldNow()
      for (let i = 0; i < cursors.length; i++) {
        const vec = vectors[i] as EvalVector
        vec.length = 0
        for (const c of cursors[i] as (typeof cursors)[number]) {
          const fp = c.s.floats[c.fi]
          if (fp !== undefined && fp.t === ts) {
            c.sample.f = fp.f
            c.sample.h = undefined
            c.fi++
            vec.push(c.sample)
            continue
          }
          const hp = c.s.histograms[c.hi]
          if (hp !== undefined && hp.t === ts) {
            c.sample.f = 0
            c.sample.h = hp.h
            c.hi++
            vec.push(c.sample)
          }
        }
      }
      const result = fn(vectors, ts)
      limits.add(result.length)
      for (const smp of result) {
        let entry = out.get(smp.metric)
        if (entry === undefined) {
          entry = {
            series: { metric: smp.metric, floats: [], histograms: [], dropName: smp.dropName },
            lastTs: ts,
          }
          out.set(smp.metric, entry)
          order.push(entry.series)
        } else {
          if (entry.lastTs === ts) throw evalError(SAME_LABELSET)
          entry.lastTs = ts
        }
        if (smp.h === undefined) entry.series.floats.push({ t: ts, f: smp.f })
        else entry.series.histograms.push({ t: ts, h: smp.h })
      }
    }
    limits.current -= inputSize
    return order
  }

  private async evalUnary(op: '+' | '-', expr: Expr): Promise<EvalMatrix> {
    const mat = await this.matrix(expr)
    if (op === '+') return mat
    for (const s of mat) {
      s.dropName = true
      for (const p of s.floats) p.f = -p.f
      for (const p of s.histograms) p.h = scaleHistogram(p.h, -1)
    }
    return mat
  }

  /**
   * An instant vector selector at every step: the latest sample within the lookback window, none
   * if that is a stale marker. With `timestamps`, the value is the sample's own timestamp in seconds.
   * With an `outputs` sink (series without histograms only) the floats go there and the result is
   * empty.
   */
  evalVectorSelector(node: VectorSelector, timestamps: boolean, outputs?: FloatOutputSink): EvalMatrix {
    if (node.smoothed && !timestamps) return evalSmoothedSelector(this.ctx, node, this)
    const stored = this.ctx.series.get(node) ?? []
    const lookback = this.ctx.lookbackMs
    const limits = this.ctx.limits
    const out: EvalMatrix = []
    for (const s of stored) {
      limits.check()
      const ss: EvalSeries = { metric: s.labels, floats: [], histograms: [], dropName: false }
      const hs = s.histograms
      let nFloats = 0
      for (let ts = this.startMs, step = 0; ts <= this.endMs; ts += this.intervalMs, step++) {
        const ref = (node.atMs ?? ts) - node.offsetMs
        const fi = lastAtOrBefore(s.ft, s.fn, ref)
        const hi = hs.length === 0 ? -1 : lastPointAtOrBefore(hs, ref)
        const ft = fi < 0 ? -Infinity : (s.ft[fi] as number)
        const ht = hi < 0 ? -Infinity : (hs[hi] as HPoint).t
        if (ft >= ht) {
          if (ft <= ref - lookback) continue
          const f = s.fv[fi] as number
          if (isStaleNaN(f)) continue
          const v = timestamps ? ft / 1000 : f
          if (outputs === undefined) ss.floats.push({ t: ts, f: v })
          else {
            if (nFloats === 0) outputs.series(s.labels)
            outputs.float(step, v)
          }
          nFloats++
        } else {
          if (ht <= ref - lookback) continue
          const h = (hs[hi] as HPoint).h
          if (timestamps) {
            ss.floats.push({ t: ts, f: ht / 1000 })
            nFloats++
          } else ss.histograms.push({ t: ts, h })
        }
      }
      const n = nFloats + ss.histograms.length
      if (n > 0) {
        limits.add(n)
        if (outputs === undefined) out.push(ss)
      }
    }
    return out
  }

  /** A range selector evaluated on its own (instant queries only): the raw points in its window. */
  private evalMatrixSelector(node: MatrixSelector): EvalMatrix {
    if (this.startMs !== this.endMs) throw evalError('cannot do range evaluation of matrix selector')
    const vs = node.vectorSelector
    const stored = this.ctx.series.get(vs) ?? []
    const ref = (vs.atMs ?? this.startMs) - vs.offsetMs
    const out: EvalMatrix = []
    const extended = vs.anchored || vs.smoothed
    const lookback = this.ctx.lookbackMs
    const lo = ref - node.rangeMs - (extended ? lookback : 0)
    const hi = ref + (vs.smoothed ? lookback : 0)
    for (const s of stored) {
      let floats = windowOf(s.floatPoints(), lo, hi).slice()
      const histograms = windowOf(s.histograms, lo, hi).slice()
      if (extended) {
        const modifier = vs.anchored ? 'anchored' : 'smoothed'
        if (histograms.length > 0) throw evalError(`${modifier} modifier is not supported with histograms`)
        floats = extendFloats(floats, ref - node.rangeMs, ref, vs.smoothed)
      }
      if (floats.length + histograms.length === 0) continue
      this.ctx.limits.add(floats.length + histograms.length)
      out.push({ metric: s.labels, floats, histograms, dropName: false })
    }
    return out
  }

  /** The child evaluator's times for a subquery (aligned to its own step, as Prometheus aligns them). */
  private subqueryTimes(node: SubqueryExpr): { start: number; end: number; interval: number } {
    const parentEnd =
      this.startMs + Math.floor((this.endMs - this.startMs) / this.intervalMs) * this.intervalMs
    const end = (node.atMs ?? parentEnd) - node.offsetMs
    const base = (node.atMs ?? this.startMs) - node.offsetMs - node.rangeMs
    const interval = node.stepMs !== 0 ? node.stepMs : this.ctx.defaultSubqueryStepMs
    let start = interval * Math.trunc(base / interval)
    if (start <= base) start += interval
    return { start, end, interval }
  }

  /** Evaluates a subquery's inner expression at its own steps; the points keep their timestamps. */
  async evalSubquery(node: SubqueryExpr): Promise<EvalMatrix> {
    const { start, end, interval } = this.subqueryTimes(node)
    const child = new Evaluator(this.ctx, start, end, interval)
    return child.matrix(node.expr)
  }

  /** A subquery as a function's range argument. */
  async subquerySource(node: SubqueryExpr): Promise<RangeSource> {
    const mat = await this.evalSubquery(node)
    const series: RangeSource['series'] = []
    for (const s of mat) {
      for (const p of s.histograms) {
        const hint = p.h.counterResetHint
        if (hint === 'reset' || hint === 'not-reset') p.h = { ...p.h, counterResetHint: 'unknown' }
      }
      series.push({
        metric: s.metric,
        floats: columnsOf(s.floats),
        histograms: s.histograms,
        dropName: s.dropName,
      })
    }
    return { series, rangeMs: node.rangeMs, offsetMs: node.offsetMs, atMs: node.atMs, selector: null }
  }

  /** A range selector as a function's range argument. */
  selectorSource(node: MatrixSelector): RangeSource {
    const vs = node.vectorSelector
    const stored: StoredSeries[] = this.ctx.series.get(vs) ?? []
    return {
      series: stored.map((s) => ({
        metric: s.labels,
        floats: s.rangeFloats(),
        histograms: s.histograms,
        hst: s.hst,
        dropName: false,
      })),
      rangeMs: node.rangeMs,
      offsetMs: vs.offsetMs,
      atMs: vs.atMs,
      selector: vs,
    }
  }

  private async evalStepInvariant(expr: Expr): Promise<EvalResult> {
    const once = new Evaluator(this.ctx, this.startMs, this.startMs, this.intervalMs)
    const res = await once.eval(expr)
    if (!Array.isArray(res)) return res
    let inner = expr
    while (inner.type === 'ParenExpr') inner = inner.expr
    if (inner.type === 'MatrixSelector' || inner.type === 'SubqueryExpr') return res
    if (this.startMs === this.endMs) return res
    for (const s of res) {
      const f0 = s.floats[0]
      const h0 = s.histograms[0]
      for (
        let ts = this.startMs + this.intervalMs, step = 1;
        ts <= this.endMs;
        ts += this.intervalMs, step++
      ) {
        if (step % 256 === 0 && this.ctx.limits.shouldYield()) await this.ctx.limits.yieldNow()
        if (f0 !== undefined) s.floats.push({ t: ts, f: f0.f })
        else if (h0 !== undefined) s.histograms.push({ t: ts, h: h0.h })
        this.ctx.limits.add(1)
      }
    }
    return res
  }
}

/** Float points as columns (a subquery's output feeding a range function). */
function columnsOf(points: readonly FPoint[]): FloatColumns {
  const n = points.length
  const ft = new Float64Array(n)
  const fv = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const p = points[i] as FPoint
    ft[i] = p.t
    fv[i] = p.f
  }
  return { ft, fv, n }
}

/** Total number of points in a matrix. */
export function matrixSize(m: EvalMatrix): number {
  let n = 0
  for (const s of m) n += s.floats.length + s.histograms.length
  return n
}

/** The points with `lo < t <= hi` (a left-open window), as a view-free slice bounds lookup. */
export function windowOf<P extends { t: number }>(
  points: readonly P[],
  lo: number,
  hi: number,
): readonly P[] {
  const end = lastPointAtOrBefore(points, hi) + 1
  const start = lastPointAtOrBefore(points, lo) + 1
  return start >= end ? [] : points.slice(start, end)
}
