import type { Labels } from '@watchfire/model'
import type { AggregateExpr } from '../parser/ast.js'
import { formatG } from '../value.js'
import { evalError } from './errors.js'
import type { EvalMatrix, EvalSample, EvalSeries } from './eval-types.js'
import type { Evaluator } from './evaluator.js'
import { checkKParam } from './aggregation.js'
import { groupKeyFn } from './grouping.js'
import { LabelsMap } from './labels-map.js'
import { ratioSampleOffset } from './ratio-sampler.js'
import { StepCursor } from './step-cursor.js'

type Less = (a: EvalSample, b: EvalSample) => boolean

const topLess: Less = (a, b) => Number.isNaN(a.f) || a.f < b.f
const bottomLess: Less = (a, b) => Number.isNaN(a.f) || a.f > b.f

/** Go container/heap push and fix, so ties resolve as in Prometheus. */
function heapUp(h: EvalSample[], j: number, less: Less): void {
  while (j > 0) {
    const i = (j - 1) >> 1
    if (i === j || !less(h[j] as EvalSample, h[i] as EvalSample)) break
    ;[h[i], h[j]] = [h[j] as EvalSample, h[i] as EvalSample]
    j = i
  }
}

function heapDown(h: EvalSample[], i0: number, less: Less): void {
  const n = h.length
  let i = i0
  for (;;) {
    const j1 = 2 * i + 1
    if (j1 >= n || j1 < 0) break
    let j = j1
    const j2 = j1 + 1
    if (j2 < n && less(h[j2] as EvalSample, h[j1] as EvalSample)) j = j2
    if (!less(h[j] as EvalSample, h[i] as EvalSample)) break
    ;[h[i], h[j]] = [h[j] as EvalSample, h[i] as EvalSample]
    i = j
  }
}

/** topk, bottomk, limitk and limit_ratio: they keep input series (and labels) rather than groups. */
export function evalAggregationK(
  ev: Evaluator,
  node: AggregateExpr,
  input: EvalMatrix,
  params: Float64Array,
): EvalMatrix {
  const a = ev.ctx.annotations
  const op = node.op
  let min = Infinity
  let max = -Infinity
  let anyNaN = false
  for (const p of params) {
    if (Number.isNaN(p)) anyNaN = true
    min = Math.min(min, p)
    max = Math.max(max, p)
  }
  if (op === 'limit_ratio') {
    if (max === 0 && min === 0) return []
    if (anyNaN) throw evalError('Ratio value is NaN')
    const pos = (node.param ?? node).pos
    if (max > 1) a.warn(`ratio value should be between -1 and 1, got ${formatG(max)}, capping to 1`, pos)
    if (min < -1) a.warn(`ratio value should be between -1 and 1, got ${formatG(min)}, capping to -1`, pos)
  } else {
    if (max < 1) return []
    checkKParam(min, max, anyNaN)
  }
  const group = groupKeyFn(node.grouping, node.without)
  const keys: string[] = input.map((s) => group(s.metric).key)
  const out = new LabelsMap<EvalSeries>()
  const order: EvalSeries[] = []
  const cursors = input.map((s) => new StepCursor(s))
  const less = op === 'bottomk' ? bottomLess : topLess
  for (let ts = ev.startMs, step = 0; ts <= ev.endMs; ts += ev.intervalMs, step++) {
    ev.ctx.limits.check()
    const p = params[step] as number
    const k = Math.min(Math.trunc(p), input.length)
    const r = Math.max(-1, Math.min(1, p))
    const heaps = new Map<string, EvalSample[]>()
    for (let si = 0; si < input.length; si++) {
      const c = cursors[si] as StepCursor
      // The sample object is only made once it is kept: most lose against a full heap.
      if (!c.at(ts)) continue
      const s = input[si] as EvalSeries
      const { f, h } = c
      if (op !== 'limit_ratio' && k < 1) continue
      if (op === 'limit_ratio' && p === 0) continue
      const key = keys[si] as string
      let heap = heaps.get(key)
      const first = heap === undefined
      if (heap === undefined) {
        heap = []
        heaps.set(key, heap)
      }
      switch (op) {
        case 'topk':
        case 'bottomk':
          if (h !== undefined) {
            a.info(`ignored histogram in ${op} aggregation`, node.pos)
            if (first) heaps.delete(key)
          } else if (heap.length < k) {
            heap.push({ metric: s.metric, f, h, dropName: s.dropName })
            heapUp(heap, heap.length - 1, less)
          } else {
            const top = heap[0] as EvalSample
            const better = op === 'topk' ? top.f < f : top.f > f
            if (better || (Number.isNaN(top.f) && !Number.isNaN(f))) {
              heap[0] = { metric: s.metric, f, h, dropName: s.dropName }
              if (k > 1) heapDown(heap, 0, less)
            }
          }
          break
        case 'limitk':
          if (heap.length < k) heap.push({ metric: s.metric, f, h, dropName: s.dropName })
          break
        case 'limit_ratio':
          if (addRatioSample(r, s.metric)) heap.push({ metric: s.metric, f, h, dropName: s.dropName })
          break
        default:
          break
      }
    }
    for (const heap of heaps.values()) {
      let list = heap
      if (op === 'topk' || op === 'bottomk')
        list = [...heap].sort((x, y) => (less(y, x) ? -1 : less(x, y) ? 1 : 0))
      for (const smp of list) {
        let ss = out.get(smp.metric)
        if (ss === undefined) {
          ss = { metric: smp.metric, floats: [], histograms: [], dropName: smp.dropName }
          out.set(smp.metric, ss)
          order.push(ss)
        }
        if (smp.h === undefined) ss.floats.push({ t: ts, f: smp.f })
        else ss.histograms.push({ t: ts, h: smp.h })
        ev.ctx.limits.add(1)
      }
    }
  }
  return order
}

function addRatioSample(ratio: number, metric: Labels): boolean {
  const offset = ratioSampleOffset(metric)
  return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio)
}
