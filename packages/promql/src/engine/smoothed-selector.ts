import type { NativeHistogram } from '@watchfire/model'
import type { VectorSelector } from '../parser/ast.js'
import type { FPoint, HPoint } from '../value.js'
import type { EvalContext, EvalMatrix, EvalSeries } from './eval-types.js'
import { ANNOTATIONS } from './kernels/annotation-texts.js'
import { interpolateFloat, interpolateHistogram } from './kernels/extended-rate-kernels.js'
import { copyHistogram, IncompatibleHistogramSchemaError } from './kernels/float-histogram.js'
import { usesCustomBuckets } from './kernels/histogram-buckets.js'
import type { AnnotationSink } from './kernels/range-types.js'
import { lastPointAtOrBefore } from './stored-series.js'

/** The steps an instant selector is evaluated at. */
export interface Steps {
  startMs: number
  endMs: number
  intervalMs: number
}

/** What one smoothed lookup found: the points around the data time, or why there is no value. */
interface Around<P> {
  points: readonly P[]
  /** Last point at or before the data time inside the window, or -1. */
  prev: number
  /** First point after the data time inside the window, or -1. */
  next: number
  exact: boolean
}

/** The neighbours of `t` among the points of the window `(lo, hi]`. */
function around<P extends { t: number }>(points: readonly P[], lo: number, hi: number, t: number): Around<P> {
  const first = lastPointAtOrBefore(points, lo) + 1
  const end = lastPointAtOrBefore(points, hi) + 1
  const j = lastPointAtOrBefore(points, t)
  const prev = j >= first ? j : -1
  const exact = prev >= 0 && (points[prev] as P).t === t
  const next = j + 1 < end ? j + 1 : -1
  return { points, prev, next, exact }
}

/** The histogram value at `t`: exact, interpolated (as a counter unless both are gauges) or carried forward. */
function histogramAt(
  a: Around<HPoint>,
  t: number,
  sink: AnnotationSink,
  name: string,
): NativeHistogram | undefined {
  const prev = a.points[a.prev]
  if (prev === undefined) return undefined
  if (a.exact) return copyHistogram(prev.h)
  const next = a.points[a.next]
  if (next === undefined) {
    // The hint describes a sample's relation to its predecessor, not this carried-forward value.
    const h = copyHistogram(prev.h)
    h.counterResetHint = 'unknown'
    return h
  }
  if (usesCustomBuckets(prev.h) !== usesCustomBuckets(next.h)) {
    sink.warn(ANNOTATIONS.mixedExponentialCustom(name))
    return undefined
  }
  const isCounter = prev.h.counterResetHint !== 'gauge' || next.h.counterResetHint !== 'gauge'
  const reconciled = { add: false, sub: false }
  try {
    const h = interpolateHistogram(prev, next, t, isCounter, reconciled)
    if (reconciled.sub) sink.info(ANNOTATIONS.mismatchedCustomBuckets('subtraction'))
    if (reconciled.add) sink.info(ANNOTATIONS.mismatchedCustomBuckets('addition'))
    return h
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    sink.warn(ANNOTATIONS.mixedExponentialCustom(name))
    return undefined
  }
}

/** The float value at `t`: exact, linearly interpolated or carried forward; undefined before the first sample. */
function floatAt(a: Around<FPoint>, t: number): number | undefined {
  const prev = a.points[a.prev]
  if (prev === undefined) return undefined
  const next = a.points[a.next]
  if (a.exact || next === undefined) return prev.f
  return interpolateFloat(prev, next, t, false)
}

/**
 * An instant selector with the `smoothed` modifier (Prometheus's smoothSeries): at each step the
 * value at the data time is interpolated between the samples around it within one lookback delta
 * either side, or the last sample is carried forward when none follows.
 */
export function evalSmoothedSelector(ctx: EvalContext, node: VectorSelector, steps: Steps): EvalMatrix {
  const lookback = ctx.lookbackMs
  const sink = ctx.annotations.sink(node.pos)
  const out: EvalMatrix = []
  for (const s of ctx.series.get(node) ?? []) {
    ctx.limits.check()
    const name = s.labels.get('__name__')
    const floats = s.floatPoints()
    const ss: EvalSeries = { metric: s.labels, floats: [], histograms: [], dropName: false }
    for (let ts = steps.startMs; ts <= steps.endMs; ts += steps.intervalMs) {
      const t = (node.atMs ?? ts) - node.offsetMs
      const fa = around(floats, t - lookback, t + lookback, t)
      const ha = around(s.histograms, t - lookback, t + lookback, t)
      const hasFloats = fa.prev >= 0 || fa.next >= 0
      const hasHistograms = ha.prev >= 0 || ha.next >= 0
      if (hasFloats && hasHistograms) {
        sink.warn(ANNOTATIONS.mixedFloatsHistograms(name))
        continue
      }
      if (hasHistograms) {
        const h = histogramAt(ha, t, sink, name)
        if (h !== undefined) ss.histograms.push({ t: ts, h })
      } else {
        const f = floatAt(fa, t)
        if (f !== undefined) ss.floats.push({ t: ts, f })
      }
    }
    const n = ss.floats.length + ss.histograms.length
    if (n > 0) {
      ctx.limits.add(n)
      out.push(ss)
    }
  }
  return out
}
