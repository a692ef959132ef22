import type { VectorSelector } from '../parser/ast.js'
import { isStaleNaN } from '@watchfire/storage'
import type { HPoint } from '../value.js'
import type { EvalMatrix, EvalSeries } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { lastAtOrBefore, lastPointAtOrBefore } from './stored-series.js'

/**
 * `start_timestamp(selector)`: at each step, the start timestamp in seconds of the sample the
 * selector picks (0 when that sample's start is unknown). Only a selector argument carries start
 * timestamps, and only when the engine reads them; anything else yields nothing.
 */
export function evalStartTimestamp(ev: Evaluator, node: VectorSelector): EvalMatrix {
  if (ev.ctx.useStartTimestamps !== true) return []
  const stored = ev.ctx.series.get(node) ?? []
  const lookback = ev.ctx.lookbackMs
  const limits = ev.ctx.limits
  const out: EvalMatrix = []
  for (const s of stored) {
    limits.check()
    const ss: EvalSeries = { metric: s.labels, floats: [], histograms: [], dropName: true }
    const hs = s.histograms
    for (let ts = ev.startMs; ts <= ev.endMs; ts += ev.intervalMs) {
      const ref = (node.atMs ?? ts) - node.offsetMs
      const fi = lastAtOrBefore(s.ft, s.fn, ref)
      const hi = hs.length === 0 ? -1 : lastPointAtOrBefore(hs, ref)
      const ft = fi < 0 ? -Infinity : (s.ft[fi] as number)
      const ht = hi < 0 ? -Infinity : (hs[hi] as HPoint).t
      let st: number
      if (ft >= ht) {
        if (ft <= ref - lookback || isStaleNaN(s.fv[fi] as number)) continue
        st = s.fst?.[fi] ?? 0
      } else {
        if (ht <= ref - lookback || isStaleNaN((hs[hi] as HPoint).h.sum)) continue
        st = s.hst?.[hi] ?? 0
      }
      ss.floats.push({ t: ts, f: st / 1000 })
    }
    if (ss.floats.length > 0) {
      limits.add(ss.floats.length)
      out.push(ss)
    }
  }
  return out
}
