import type { NativeHistogram } from '@watchfire/model'
import { floatHi, lastFloatLo } from '../chunkenc/float-bits.js'
import {
  CounterResetHeader,
  HistogramChunkEncoder,
  type HistogramLayout,
} from '../chunkenc/histogram-chunk.js'
import { bucketIndices, expandCounts, unionSpans } from '../chunkenc/histogram-layout.js'

/** True if `h`'s sum carries the stale-marker bit pattern. */
export function isStaleHistogram(h: NativeHistogram): boolean {
  return floatHi(h.sum) === 0x7ff00000 && lastFloatLo() === 2
}

function isGauge(h: NativeHistogram): boolean {
  return h.counterResetHint === 'gauge'
}

/** True if `cur` cannot continue a counter histogram chunk holding `prev` (Prometheus cuts a chunk then). */
function isCounterReset(prev: NativeHistogram, cur: NativeHistogram): boolean {
  if (cur.counterResetHint === 'reset' || cur.count < prev.count || cur.zeroCount < prev.zeroCount)
    return true
  return (
    bucketsDecreased(prev.positiveSpans, prev.positiveBuckets, cur.positiveSpans, cur.positiveBuckets) ||
    bucketsDecreased(prev.negativeSpans, prev.negativeBuckets, cur.negativeSpans, cur.negativeBuckets)
  )
}

function bucketsDecreased(
  ps: NativeHistogram['positiveSpans'],
  pb: readonly number[],
  cs: NativeHistogram['positiveSpans'],
  cb: readonly number[],
): boolean {
  const curByIndex = new Map<number, number>()
  bucketIndices(cs).forEach((idx, i) => curByIndex.set(idx, cb[i] ?? 0))
  const prevIdx = bucketIndices(ps)
  for (let i = 0; i < prevIdx.length; i++) {
    if ((curByIndex.get(prevIdx[i] as number) ?? 0) < (pb[i] ?? 0)) return true
  }
  return false
}

/**
 * Cuts a run of histogram samples into chunks as Prometheus would (at most `perChunk` samples; a new
 * chunk on a schema or zero-threshold change, a counter reset, a gauge/counter switch, and after a
 * stale marker), expands each chunk's samples into the union bucket layout, and calls `emit` with
 * the encoded chunk.
 */
export function encodeHistogramChunks(
  ts: ArrayLike<number>,
  hs: readonly NativeHistogram[],
  from: number,
  to: number,
  perChunk: number,
  emit: (bytes: Uint8Array, minT: number, maxT: number, n: number) => void,
): void {
  let start = from
  while (start < to) {
    const first = hs[start] as NativeHistogram
    let end = start + 1
    let reset = start > from && !isGauge(first) && isCounterReset(hs[start - 1] as NativeHistogram, first)
    if (start === from && first.counterResetHint === 'reset') reset = true
    if (!isStaleHistogram(first)) {
      while (end < to && end - start < perChunk) {
        const prev = hs[end - 1] as NativeHistogram
        const cur = hs[end] as NativeHistogram
        if (isStaleHistogram(cur)) {
          end++
          break
        }
        if (cur.schema !== first.schema || cur.zeroThreshold !== first.zeroThreshold) break
        if (isGauge(cur) !== isGauge(first)) break
        if (!isGauge(cur) && isCounterReset(prev, cur)) break
        end++
      }
    }
    const live = hs.slice(start, end).filter((h) => !isStaleHistogram(h))
    const layout: HistogramLayout =
      live.length === 0
        ? { schema: 0, zeroThreshold: 0, positiveSpans: [], negativeSpans: [] }
        : {
            schema: first.schema,
            zeroThreshold: first.zeroThreshold,
            positiveSpans: unionSpans(live.map((h) => h.positiveSpans)),
            negativeSpans: unionSpans(live.map((h) => h.negativeSpans)),
          }
    const header = isGauge(first)
      ? CounterResetHeader.Gauge
      : reset
        ? CounterResetHeader.Reset
        : first.counterResetHint === 'not-reset'
          ? CounterResetHeader.NotReset
          : CounterResetHeader.Unknown
    const enc = new HistogramChunkEncoder(layout, header)
    for (let i = start; i < end; i++) {
      const h = hs[i] as NativeHistogram
      const stale = isStaleHistogram(h)
      enc.append(ts[i] as number, stale ? h : expand(h, layout), stale)
    }
    emit(enc.bytes(), ts[start] as number, ts[end - 1] as number, end - start)
    start = end
  }
}

function expand(h: NativeHistogram, layout: HistogramLayout): NativeHistogram {
  return {
    ...h,
    positiveSpans: layout.positiveSpans.slice(),
    positiveBuckets:
      expandCounts(h.positiveSpans, h.positiveBuckets, layout.positiveSpans) ?? h.positiveBuckets,
    negativeSpans: layout.negativeSpans.slice(),
    negativeBuckets:
      expandCounts(h.negativeSpans, h.negativeBuckets, layout.negativeSpans) ?? h.negativeBuckets,
  }
}
