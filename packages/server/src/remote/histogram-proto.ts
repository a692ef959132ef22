import type { NativeHistogram, ProtoWriter } from '@watchfire/model'

/** `prometheus.Histogram.ResetHint` values, by their index. */
const RESET_HINTS = ['unknown', 'reset', 'not-reset', 'gauge'] as const

function isIntegral(h: NativeHistogram): boolean {
  if (!Number.isInteger(h.count) || !Number.isInteger(h.zeroCount)) return false
  for (const b of h.positiveBuckets) if (!Number.isInteger(b)) return false
  for (const b of h.negativeBuckets) if (!Number.isInteger(b)) return false
  return true
}

function writeSpans(w: ProtoWriter, tag: number, spans: NativeHistogram['positiveSpans']): void {
  for (const sp of spans) {
    w.uint32(tag)
    const at = w.fork()
    if (sp.offset !== 0) {
      w.uint32(0x08)
      w.sint32(sp.offset)
    }
    if (sp.length !== 0) {
      w.uint32(0x10)
      w.uint32(sp.length)
    }
    w.join(at)
  }
}

function writeBuckets(w: ProtoWriter, field: number, buckets: readonly number[], integral: boolean): void {
  if (buckets.length === 0) return
  w.uint32((field << 3) | 2)
  const at = w.fork()
  let prev = 0
  for (const b of buckets) {
    if (integral) {
      w.sint64(b - prev)
      prev = b
    } else w.double(b)
  }
  w.join(at)
}

/**
 * Writes the fields of a `prometheus.Histogram` message up to its timestamp (1 to 15), the part
 * remote write and remote read share: integer histograms as counts and bucket deltas, float
 * histograms as absolute counts. Custom bucket bounds (field 16) are left to the caller.
 */
export function encodeHistogram(w: ProtoWriter, t: number, h: NativeHistogram): void {
  const integral = isIntegral(h)
  if (integral) w.uint64Field(0x08, h.count)
  else w.doubleField(0x11, h.count)
  w.doubleField(0x19, h.sum)
  if (h.schema !== 0) {
    w.uint32(0x20)
    w.sint32(h.schema)
  }
  w.doubleField(0x29, h.zeroThreshold)
  if (integral) w.uint64Field(0x30, h.zeroCount)
  else w.doubleField(0x39, h.zeroCount)
  writeSpans(w, 0x42, h.negativeSpans)
  writeBuckets(w, integral ? 9 : 10, h.negativeBuckets, integral)
  writeSpans(w, 0x5a, h.positiveSpans)
  writeBuckets(w, integral ? 12 : 13, h.positiveBuckets, integral)
  const hint = RESET_HINTS.indexOf(h.counterResetHint ?? 'unknown')
  if (hint > 0) {
    w.uint32(0x70)
    w.uint32(hint)
  }
  w.int64Field(0x78, t)
}

/** Writes a TimeSeries' `prometheus.Histogram` (field 4) for remote read, custom bucket bounds included. */
export function writeHistogram(w: ProtoWriter, t: number, h: NativeHistogram): void {
  w.uint32(0x22)
  const at = w.fork()
  encodeHistogram(w, t, h)
  if (h.customValues !== undefined && h.customValues.length > 0) {
    w.uint32(0x82)
    w.uint32(0x01)
    const cv = w.fork()
    for (const v of h.customValues) w.double(v)
    w.join(cv)
  }
  w.join(at)
}
