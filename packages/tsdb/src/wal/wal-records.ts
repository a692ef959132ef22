import { Labels, type CounterResetHint, type NativeHistogram } from '@watchfire/model'
import { floatHi, lastFloatLo } from '../chunkenc/float-bits.js'
import { ByteReader } from '../encoding/byte-reader.js'
import type { ByteWriter } from '../encoding/byte-writer.js'
import type { Interval } from '../block/tombstones.js'

/** Record types of tsdb/record/record.go; others (exemplars, metadata, mmap markers…) are skipped on replay. */
export const RecordType = { Series: 1, Samples: 2, Tombstones: 3, HistogramSamples: 7 } as const

const TWO_32 = 4294967296
const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not-reset', 'gauge']

/** A scratch pair for moving float bits without boxing them through a plain array. */
const f64 = new Float64Array(1)
const u8 = new Uint8Array(f64.buffer)
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function putSignedBE64(w: ByteWriter, n: number): void {
  const hi = Math.floor(n / TWO_32)
  w.putBE32(hi >>> 0)
  w.putBE32((n - hi * TWO_32) >>> 0)
}

function readSignedBE64(r: ByteReader): number {
  const hi = r.be32() | 0
  return hi * TWO_32 + r.be32()
}

/** Writes the float's IEEE bits big-endian, payload and all (stale markers stay stale). */
export function putFloatBits(w: ByteWriter, v: number): void {
  w.putBE32(floatHi(v))
  w.putBE32(lastFloatLo())
}

function readFloatBits(r: ByteReader, out: Float64Array, at: number): void {
  for (let i = 0; i < 8; i++) u8[littleEndian ? 7 - i : i] = r.byte()
  out[at] = f64[0] as number
}

/** Series record: per series, its ref (BE64), label count and uvarint-prefixed names and values. */
export function encodeSeriesRecord(
  w: ByteWriter,
  series: ReadonlyArray<{ ref: number; labels: Labels }>,
): void {
  w.putByte(RecordType.Series)
  for (const s of series) {
    w.putBE64(s.ref)
    const flat = s.labels.toFlat()
    w.putUvarint(flat.length / 2)
    for (const x of flat) w.putUvarintString(x)
  }
}

/**
 * Samples record: the first sample's ref and timestamp (BE64), then per sample the ref and time as
 * varint deltas from those and the value's bits (BE64). Columns are parallel arrays of equal length.
 */
export function encodeSamplesRecord(
  w: ByteWriter,
  refs: ArrayLike<number>,
  ts: ArrayLike<number>,
  vs: Float64Array,
  from: number,
  to: number,
): void {
  w.putByte(RecordType.Samples)
  if (from >= to) return
  const ref0 = refs[from] as number
  const t0 = ts[from] as number
  w.putBE64(ref0)
  putSignedBE64(w, t0)
  for (let i = from; i < to; i++) {
    w.putVarint((refs[i] as number) - ref0)
    w.putVarint((ts[i] as number) - t0)
    putFloatBits(w, vs[i] as number)
  }
}

/** Histogram samples record (integer histograms; bucket counts delta-encoded as Go stores them). */
export function encodeHistogramSamplesRecord(
  w: ByteWriter,
  samples: ReadonlyArray<{ ref: number; t: number; h: NativeHistogram }>,
): void {
  w.putByte(RecordType.HistogramSamples)
  const first = samples[0]
  if (first === undefined) return
  w.putBE64(first.ref)
  putSignedBE64(w, first.t)
  for (const s of samples) {
    const h = s.h
    w.putVarint(s.ref - first.ref)
    w.putVarint(s.t - first.t)
    w.putByte(Math.max(0, HINTS.indexOf(h.counterResetHint ?? 'unknown')))
    w.putVarint(h.schema)
    putFloatBits(w, h.zeroThreshold)
    w.putUvarint(h.zeroCount)
    w.putUvarint(h.count)
    putFloatBits(w, h.sum)
    for (const spans of [h.positiveSpans, h.negativeSpans]) {
      w.putUvarint(spans.length)
      for (const sp of spans) {
        w.putVarint(sp.offset)
        w.putUvarint(sp.length)
      }
    }
    for (const buckets of [h.positiveBuckets, h.negativeBuckets]) {
      w.putUvarint(buckets.length)
      let prev = 0
      for (const b of buckets) {
        w.putVarint(b - prev)
        prev = b
      }
    }
  }
}

/** Tombstones record: per deleted interval, the series ref (BE64), mint and maxt (varints). */
export function encodeTombstonesRecord(
  w: ByteWriter,
  stones: ReadonlyArray<{ ref: number; interval: Interval }>,
): void {
  w.putByte(RecordType.Tombstones)
  for (const s of stones) {
    w.putBE64(s.ref)
    w.putVarint(s.interval.minT)
    w.putVarint(s.interval.maxT)
  }
}

/** Callbacks for {@link decodeRecord}; each is called once per decoded entry, in record order. */
export interface RecordVisitor {
  series(ref: number, labels: Labels): void
  /** `vs[0]` holds the value so its NaN payload survives the call. */
  sample(ref: number, t: number, vs: Float64Array): void
  histogram(ref: number, t: number, h: NativeHistogram): void
  tombstone(ref: number, interval: Interval): void
}

const valueSlot = new Float64Array(1)

/** Decodes one record into `visitor`; returns false for record types it skips. Throws RangeError if malformed. */
export function decodeRecord(rec: Uint8Array, visitor: RecordVisitor): boolean {
  const buf = Buffer.from(rec.buffer, rec.byteOffset, rec.byteLength)
  const r = new ByteReader(buf, 1)
  switch (rec[0]) {
    case RecordType.Series:
      while (r.remaining > 0) {
        const ref = r.be64()
        const n = r.uvarint()
        const flat: string[] = []
        for (let i = 0; i < n * 2; i++) flat.push(r.uvarintString())
        visitor.series(ref, Labels.fromSortedFlat(flat))
      }
      return true
    case RecordType.Samples: {
      if (r.remaining === 0) return true
      const ref0 = r.be64()
      const t0 = readSignedBE64(r)
      while (r.remaining > 0) {
        const ref = ref0 + r.varint()
        const t = t0 + r.varint()
        readFloatBits(r, valueSlot, 0)
        visitor.sample(ref, t, valueSlot)
      }
      return true
    }
    case RecordType.HistogramSamples: {
      if (r.remaining === 0) return true
      const ref0 = r.be64()
      const t0 = readSignedBE64(r)
      while (r.remaining > 0) {
        const ref = ref0 + r.varint()
        const t = t0 + r.varint()
        visitor.histogram(ref, t, readHistogram(r))
      }
      return true
    }
    case RecordType.Tombstones:
      while (r.remaining > 0) visitor.tombstone(r.be64(), { minT: r.varint(), maxT: r.varint() })
      return true
    default:
      return false
  }
}

function readHistogram(r: ByteReader): NativeHistogram {
  const hint = HINTS[r.byte()] ?? 'unknown'
  const schema = r.varint()
  readFloatBits(r, valueSlot, 0)
  const zeroThreshold = valueSlot[0] as number
  const zeroCount = r.uvarint()
  const count = r.uvarint()
  readFloatBits(r, valueSlot, 0)
  const sum = valueSlot[0] as number
  const spans = (): NativeHistogram['positiveSpans'] => {
    const n = r.uvarint()
    const out: NativeHistogram['positiveSpans'] = []
    for (let i = 0; i < n; i++) out.push({ offset: r.varint(), length: r.uvarint() })
    return out
  }
  const buckets = (): number[] => {
    const n = r.uvarint()
    const out: number[] = []
    let acc = 0
    for (let i = 0; i < n; i++) out.push((acc += r.varint()))
    return out
  }
  const positiveSpans = spans()
  const negativeSpans = spans()
  const positiveBuckets = buckets()
  const negativeBuckets = buckets()
  return {
    schema,
    zeroThreshold,
    zeroCount,
    count,
    sum,
    positiveSpans,
    positiveBuckets,
    negativeSpans,
    negativeBuckets,
    counterResetHint: hint,
  }
}
