import type { Call, Expr, VectorSelector } from '../parser/ast.js'
import type { HPoint } from '../value.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSeries, FloatOutputSink } from './eval-types.js'
import type { Evaluator, RangeSource } from './evaluator.js'
import { absentLabels } from './absent.js'
import { ANNOTATIONS } from './kernels/annotation-texts.js'
import { anchoredWindow, extendedRate } from './kernels/extended-rate-kernels.js'
import { RANGE_KERNELS } from './kernels/range-kernels.js'
import type { RangeInput, RangeOutput } from './kernels/range-types.js'

type RangeKernel = (input: RangeInput) => RangeOutput

const ANCHORED_SAFE = ['changes', 'delta', 'increase', 'rate', 'resets']
const SMOOTHED_SAFE = ['delta', 'increase', 'rate']
const KEEPS_NAME = new Set(['last_over_time', 'first_over_time'])
const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket']
/** The functions that read samples' start timestamps (Prometheus's set). */
const USES_START_TIMESTAMPS = new Set(['rate', 'increase', 'irate', 'resets'])
const EMPTY_COLUMN = new Float64Array(0)

/** Index of the first point with `t > bound` at or after `from` (points ascending). */
function advance(points: readonly { t: number }[], from: number, bound: number): number {
  let i = from
  while (i < points.length && (points[i] as { t: number }).t <= bound) i++
  return i
}

/**
 * Index of the first of `ts[from..n)` with a value `> bound` (ascending), else n. Steps move windows
 * by a few samples, so a short scan comes first; long ranges (an instant query over hours) finish
 * with a binary search instead of touching every sample.
 */
function advanceColumn(ts: Float64Array, n: number, from: number, bound: number): number {
  let i = from
  const scanEnd = Math.min(n, from + 8)
  while (i < scanEnd && (ts[i] as number) <= bound) i++
  if (i < scanEnd || i === n) return i
  let hi = n
  while (i < hi) {
    const mid = (i + hi) >>> 1
    if ((ts[mid] as number) <= bound) i = mid + 1
    else hi = mid
  }
  return i
}

/**
 * The kernel for a function over an anchored or smoothed selector: rate, increase and delta
 * measure between boundary values; resets and changes start at the anchor sample.
 */
function extendedKernel(vs: VectorSelector | null, name: string): RangeKernel | undefined {
  if (vs === null || (!vs.anchored && !vs.smoothed)) return undefined
  const smoothed = vs.smoothed
  switch (name) {
    case 'rate':
      return (input) => extendedRate(input, true, true, smoothed)
    case 'increase':
      return (input) => extendedRate(input, true, false, smoothed)
    case 'delta':
      return (input) => extendedRate(input, false, false, smoothed)
    case 'resets':
    case 'changes': {
      const plain = RANGE_KERNELS[name] as RangeKernel
      return (input) => {
        const w = anchoredWindow(input)
        // The anchored window's histograms are its own array: their start timestamps do not line up.
        return w === null
          ? null
          : plain({ ...input, fStart: w.fStart, histograms: w.histograms, hst: undefined })
      }
    }
    default:
      return undefined
  }
}

/**
 * Whether {@link evalRangeFunction} can feed a {@link FloatOutputSink}: a plain kernel over a
 * plain range selector whose series hold floats only (so every output is a float).
 */
export function canStreamRangeFunction(ev: Evaluator, node: Call, matrixIndex: number): boolean {
  const arg = node.args[matrixIndex]
  if (arg?.type !== 'MatrixSelector' || !Object.hasOwn(RANGE_KERNELS, node.func.name)) return false
  const vs = arg.vectorSelector
  if (node.func.name === 'absent_over_time' || vs.anchored || vs.smoothed) return false
  return (ev.ctx.series.get(vs) ?? []).every((s) => s.histograms.length === 0)
}

/** Whether the outputs of range function `name` over a selector have `__name__` removed. */
export function rangeFunctionDropsName(name: string): boolean {
  return !KEEPS_NAME.has(name)
}

/**
 * Evaluates a function whose argument at `matrixIndex` is a range selector or subquery. With a
 * `outputs` sink (see {@link canStreamRangeFunction}) the float outputs go there and the result is
 * empty.
 */
export async function evalRangeFunction(
  ev: Evaluator,
  node: Call,
  matrixIndex: number,
  outputs?: FloatOutputSink,
): Promise<EvalMatrix> {
  const name = node.func.name
  const arg = node.args[matrixIndex] as Expr
  const source: RangeSource =
    arg.type === 'SubqueryExpr'
      ? await ev.subquerySource(arg)
      : ev.selectorSource(arg as Extract<Expr, { type: 'MatrixSelector' }>)
  const vs = arg.type === 'MatrixSelector' ? arg.vectorSelector : null
  if (vs?.anchored === true && !ANCHORED_SAFE.includes(name)) {
    throw evalError(`anchored modifier can only be used with: ${ANCHORED_SAFE.join(', ')} - not with ${name}`)
  }
  if (vs?.smoothed === true && !SMOOTHED_SAFE.includes(name)) {
    throw evalError(`smoothed modifier can only be used with: ${SMOOTHED_SAFE.join(', ')} - not with ${name}`)
  }
  const kernel = extendedKernel(vs, name) ?? RANGE_KERNELS[name]
  if (kernel === undefined && name !== 'absent_over_time')
    throw evalError(`function ${name} is not implemented`)
  // Anchored windows reach one lookback delta further back, smoothed ones also one further forward.
  const lookbackBefore = vs?.anchored === true || vs?.smoothed === true ? ev.ctx.lookbackMs : 0
  const lookbackAfter = vs?.smoothed === true ? ev.ctx.lookbackMs : 0
  // Scalar arguments, one value per step.
  const paramArgs: Float64Array[] = []
  for (let i = 0; i < node.args.length; i++) {
    if (i === matrixIndex) continue
    const m = await ev.matrix(node.args[i] as Expr)
    const vals = new Float64Array(ev.numSteps).fill(NaN)
    for (const p of m[0]?.floats ?? []) vals[Math.round((p.t - ev.startMs) / ev.intervalMs)] = p.f
    paramArgs.push(vals)
  }
  // Prometheus places the kernels' annotations at the call's first argument.
  const sink = ev.ctx.annotations.sink((node.args[0] as Expr).pos)
  const limits = ev.ctx.limits
  const hbuf: HPoint[] = []
  const params: number[] = new Array<number>(paramArgs.length).fill(0)
  const input: RangeInput = {
    ft: EMPTY_COLUMN,
    fv: EMPTY_COLUMN,
    fStart: 0,
    fEnd: 0,
    histograms: hbuf,
    fst: undefined,
    hst: undefined,
    hStart: 0,
    windowStartMs: 0,
    windowEndMs: 0,
    evalTimeMs: 0,
    metricName: '',
    params,
    annotations: sink,
  }
  const out: EvalMatrix = []
  const found = name === 'absent_over_time' ? new Uint8Array(ev.numSteps) : null
  const { atMs, offsetMs, rangeMs } = source
  const withST = USES_START_TIMESTAMPS.has(name)
  for (const s of source.series) {
    limits.check()
    const dropName = !KEEPS_NAME.has(name) || s.dropName
    const ss: EvalSeries = { metric: s.metric, floats: [], histograms: [], dropName }
    input.metricName = s.metric.get('__name__')
    const { ft, fv, n: fn } = s.floats
    input.ft = ft
    input.fv = fv
    input.fst = withST ? s.floats.fst : undefined
    input.hst = withST ? s.hst : undefined
    let nFloats = 0
    let flo = 0
    let fhi = 0
    let hlo = 0
    let hhi = 0
    const hs = s.histograms
    for (let ts = ev.startMs, step = 0; ts <= ev.endMs; ts += ev.intervalMs, step++) {
      if (step % 256 === 255 && limits.shouldYield()) await limits.yieldNow()
      const ref = (atMs ?? ts) - offsetMs
      const lo = ref - rangeMs
      if (atMs !== null && step > 0) {
        flo = 0
        hlo = 0
      }
      flo = advanceColumn(ft, fn, flo, lo - lookbackBefore)
      fhi = advanceColumn(ft, fn, Math.max(fhi, flo), ref + lookbackAfter)
      if (hs.length > 0) {
        hlo = advance(hs, hlo, lo - lookbackBefore)
        hhi = advance(hs, Math.max(hhi, hlo), ref + lookbackAfter)
      }
      if (fhi === flo && hhi === hlo) continue
      if (found !== null) {
        found[step] = 1
        continue
      }
      input.fStart = flo
      input.fEnd = fhi
      input.hStart = hlo
      // Float-only series never touch the histogram buffer (truncating an array is not free).
      if (hbuf.length !== 0) hbuf.length = 0
      for (let i = hlo; i < hhi; i++) hbuf.push(hs[i] as HPoint)
      for (let j = 0; j < paramArgs.length; j++) params[j] = (paramArgs[j] as Float64Array)[step] as number
      input.windowStartMs = lo
      input.windowEndMs = ref
      input.evalTimeMs = ts
      const res = (kernel as RangeKernel)(input)
      if (res === null) continue
      if (typeof res !== 'number') ss.histograms.push({ t: ts, h: res })
      else if (outputs === undefined) ss.floats.push({ t: ts, f: res })
      else {
        if (nFloats === 0) outputs.series(s.metric)
        outputs.float(step, res)
      }
      if (typeof res === 'number') nFloats++
    }
    const n = nFloats + ss.histograms.length
    if (n > 0) {
      limits.add(n)
      if (outputs === undefined) out.push(ss)
    }
    if ((name === 'rate' || name === 'increase') && nFloats > 0) {
      const metricName = s.metric.get('__name__')
      if (metricName !== '' && !COUNTER_SUFFIXES.some((x) => metricName.endsWith(x))) {
        ev.ctx.annotations.sink((node.args[0] as Expr).pos).info(ANNOTATIONS.possibleNonCounter(metricName))
      }
    }
  }
  if (found !== null) {
    const series: EvalSeries = { metric: absentLabels(arg), floats: [], histograms: [], dropName: true }
    for (let step = 0; step < ev.numSteps; step++) {
      if (found[step] === 0) series.floats.push({ t: ev.startMs + step * ev.intervalMs, f: 1 })
    }
    return series.floats.length === 0 ? [] : [series]
  }
  return out
}
