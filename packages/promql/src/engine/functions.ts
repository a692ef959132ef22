import { Labels, compareStrings } from '@watchfire/model'
import type { Call, Expr } from '../parser/ast.js'
import { typeOf } from '../parser/ast.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSample, EvalVector } from './eval-types.js'
import { matrixSize, type Evaluator } from './evaluator.js'
import { absentLabels } from './absent.js'
import { evalInfo } from './info-function.js'
import { evalLabelJoin, evalLabelReplace } from './label-functions.js'
import { evalRangeFunction } from './range-functions.js'
import { evalStartTimestamp } from './start-timestamp-function.js'
import {
  histogramFractionStep,
  histogramQuantileStep,
  histogramQuantilesStep,
} from './histogram-functions.js'
import { ELEMENTWISE_KERNELS } from './kernels/elementwise-kernels.js'
import {
  histogramAvg,
  histogramCount,
  histogramStddev,
  histogramStdvar,
  histogramSum,
} from './kernels/histogram-kernels.js'
import type { NativeHistogram } from '@watchfire/model'

const DATE_FUNCTIONS = new Set([
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
])
const HISTOGRAM_STATS: Record<string, (h: NativeHistogram) => number> = {
  histogram_count: histogramCount,
  histogram_sum: histogramSum,
  histogram_avg: histogramAvg,
  histogram_stddev: histogramStddev,
  histogram_stdvar: histogramStdvar,
}
const SORTS = new Set(['sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc'])

function scalarAt(v: EvalVector | undefined): number {
  return v?.[0]?.f ?? NaN
}

function stringArg(e: Expr | undefined): string {
  let n = e
  while (n?.type === 'ParenExpr') n = n.expr
  return n?.type === 'StringLiteral' ? n.value : ''
}

/** Evaluates a function call. */
export async function evalCall(ev: Evaluator, node: Call): Promise<EvalMatrix> {
  const name = node.func.name
  const args = node.args
  if (name === 'start_timestamp') {
    const arg = args[0] as Expr
    if (arg.type === 'VectorSelector') return evalStartTimestamp(ev, arg)
    // An expression's result carries no start timestamps: evaluated for its errors, it yields nothing.
    ev.ctx.limits.current -= matrixSize(await ev.matrix(arg))
    return []
  }
  if (name === 'timestamp' && args[0]?.type === 'VectorSelector') {
    const mat = ev.evalVectorSelector(args[0], true)
    for (const s of mat) s.dropName = true
    return mat
  }
  const matrixIndex = args.findIndex((a) => a.type === 'MatrixSelector' || a.type === 'SubqueryExpr')
  switch (name) {
    case 'label_replace':
      return evalLabelReplace(ev, args)
    case 'label_join':
      return evalLabelJoin(ev, args)
    case 'info':
      return evalInfo(ev, node)
  }
  if (matrixIndex >= 0 && typeOf(args[matrixIndex] as Expr) === 'matrix')
    return evalRangeFunction(ev, node, matrixIndex)
  if (SORTS.has(name) && ev.startMs !== ev.endMs) {
    ev.ctx.annotations.warn(
      'sort is ineffective for range queries since results are always ordered by labels',
      node.pos,
    )
  }
  const step = stepFunction(ev, node)
  return ev.rangeEval(
    args.map((a) => (typeOf(a) === 'string' ? null : a)),
    step,
  )
}

function dropNamed(s: EvalSample, f: number): EvalSample {
  return { metric: s.metric, f, h: undefined, dropName: true }
}

function stepFunction(ev: Evaluator, node: Call): (v: EvalVector[], ts: number) => EvalVector {
  const name = node.func.name
  const kernel = ELEMENTWISE_KERNELS[name]
  if (DATE_FUNCTIONS.has(name) && kernel !== undefined) {
    return (v, ts) => {
      if (node.args.length === 0)
        return [{ metric: Labels.EMPTY, f: kernel(ts / 1000, []), h: undefined, dropName: false }]
      const out: EvalVector = []
      for (const s of v[0] ?? []) if (s.h === undefined) out.push(dropNamed(s, kernel(s.f, [])))
      return out
    }
  }
  if (kernel !== undefined) {
    return (v) => {
      const params = v.slice(1).map(scalarAt)
      if (name === 'round' && params.length === 0) params.push(1)
      if (name === 'clamp' && (params[1] as number) < (params[0] as number)) return []
      const out: EvalVector = []
      for (const s of v[0] ?? []) if (s.h === undefined) out.push(dropNamed(s, kernel(s.f, params)))
      return out
    }
  }
  const stats = HISTOGRAM_STATS[name]
  if (stats !== undefined) {
    return (v) => {
      const out: EvalVector = []
      for (const s of v[0] ?? []) if (s.h !== undefined) out.push(dropNamed(s, stats(s.h)))
      return out
    }
  }
  switch (name) {
    case 'time':
      return (_v, ts) => [{ metric: Labels.EMPTY, f: ts / 1000, h: undefined, dropName: false }]
    case 'min_of':
      return (v) => [
        { metric: Labels.EMPTY, f: Math.min(scalarAt(v[0]), scalarAt(v[1])), h: undefined, dropName: false },
      ]
    case 'max_of':
      return (v) => [
        { metric: Labels.EMPTY, f: Math.max(scalarAt(v[0]), scalarAt(v[1])), h: undefined, dropName: false },
      ]
    case 'pi':
      return () => [{ metric: Labels.EMPTY, f: Math.PI, h: undefined, dropName: false }]
    case 'vector':
      return (v) => [{ metric: Labels.EMPTY, f: scalarAt(v[0]), h: undefined, dropName: false }]
    case 'scalar':
      return (v) => [{ metric: Labels.EMPTY, f: onlyFloat(v[0] ?? []), h: undefined, dropName: false }]
    case 'timestamp':
      return (v, ts) => (v[0] ?? []).map((s) => dropNamed(s, ts / 1000))
    case 'absent': {
      const labels = absentLabels(node.args[0] as Expr)
      return (v) => ((v[0] ?? []).length > 0 ? [] : [{ metric: labels, f: 1, h: undefined, dropName: false }])
    }
    case 'sort':
    case 'sort_desc': {
      const desc = name === 'sort_desc'
      return (v) =>
        (v[0] ?? [])
          .filter((s) => s.h === undefined)
          .sort((a, b) => {
            if (Number.isNaN(a.f)) return Number.isNaN(b.f) ? 0 : 1
            if (Number.isNaN(b.f)) return -1
            return desc ? b.f - a.f : a.f - b.f
          })
    }
    case 'sort_by_label':
    case 'sort_by_label_desc': {
      const names = node.args.slice(1).map(stringArg)
      const desc = name === 'sort_by_label_desc'
      return (v) =>
        [...(v[0] ?? [])].sort((a, b) => {
          for (const n of names) {
            const c = naturalCompare(a.metric.get(n), b.metric.get(n))
            if (c !== 0) return desc ? -c : c
          }
          const c = Labels.compare(a.metric, b.metric)
          return desc ? -c : c
        })
    }
    case 'histogram_quantile':
      return (v) => histogramQuantileStep(ev, node, scalarAt(v[0]), v[1] ?? [])
    case 'histogram_quantiles':
      return (v) => histogramQuantilesStep(ev, node, v)
    case 'histogram_fraction':
      return (v) => histogramFractionStep(ev, node, scalarAt(v[0]), scalarAt(v[1]), v[2] ?? [])
    default:
      throw evalError(`function ${name} is not implemented`)
  }
}

/** scalar()'s value: the one float sample (histograms do not count), else NaN. */
function onlyFloat(vec: EvalVector): number {
  let value = NaN
  let found = false
  for (const s of vec) {
    if (s.h !== undefined) continue
    if (found) return NaN
    found = true
    value = s.f
  }
  return value
}

/** Natural ("version") ordering of label values, digits compared as numbers, as sort_by_label does. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g
  const pa = a.match(re) ?? []
  const pb = b.match(re) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string
    const y = pb[i] as string
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = Number(x) - Number(y)
      if (d !== 0) return d < 0 ? -1 : 1
      if (x.length !== y.length) return x.length - y.length
    } else {
      const c = compareStrings(x, y)
      if (c !== 0) return c
    }
  }
  return pa.length - pb.length
}
