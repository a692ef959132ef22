import type { BucketSpan, NativeHistogram } from '@watchfire/model'
import { InvalidBlockInputError } from '../errors.js'
import { BitWriter } from './bit-writer.js'
import { floatHi, lastFloatLo } from './float-bits.js'
import { putVarbitInt, putVarbitUint } from './varbit.js'
import { MAX_SAMPLES_PER_CHUNK } from './xor-chunk.js'
import { XorValueState } from './xor-value.js'

/** The two top bits of a histogram chunk's third byte: how the chunk relates to the previous one. */
export const CounterResetHeader = { Unknown: 0x00, NotReset: 0x40, Reset: 0x80, Gauge: 0xc0 } as const

/** One of {@link CounterResetHeader}'s members. */
export type CounterResetHeader = (typeof CounterResetHeader)[keyof typeof CounterResetHeader]

/** What every sample of one histogram chunk shares. */
export interface HistogramLayout {
  schema: number
  zeroThreshold: number
  positiveSpans: readonly BucketSpan[]
  negativeSpans: readonly BucketSpan[]
}

/**
 * Builds one integer native-histogram chunk (encoding 2) as Prometheus 2.42 does: header with sample
 * count and counter-reset bits, the layout, then per sample timestamp, count, zero count and bucket
 * deltas as varbit delta-of-deltas and the sum XOR-compressed. Every appended histogram must use the
 * chunk's layout (see histogram-layout.ts to expand one) and integer counts. A stale marker (sum
 * 0x7ff0000000000002) ends the chunk, as in Prometheus.
 */
export class HistogramChunkEncoder {
  private readonly w = new BitWriter(3)
  private readonly sum = new XorValueState()
  private readonly layout: HistogramLayout
  private readonly nPos: number
  private readonly nNeg: number
  private readonly header: CounterResetHeader
  private num = 0
  private t = 0
  private tDelta = 0
  private cnt = 0
  private cntDelta = 0
  private zCnt = 0
  private zCntDelta = 0
  private readonly buckets: Float64Array
  private readonly bucketDeltas: Float64Array
  private closed = false

  constructor(layout: HistogramLayout, header: CounterResetHeader = CounterResetHeader.Unknown) {
    this.layout = layout
    this.header = header
    this.nPos = countBuckets(layout.positiveSpans)
    this.nNeg = countBuckets(layout.negativeSpans)
    this.buckets = new Float64Array(this.nPos + this.nNeg)
    this.bucketDeltas = new Float64Array(this.nPos + this.nNeg)
    this.sum.reset(0xff)
    const w = this.w
    putZeroThreshold(w, layout.zeroThreshold)
    putVarbitInt(w, layout.schema)
    putSpans(w, layout.positiveSpans)
    putSpans(w, layout.negativeSpans)
  }

  /** Samples appended so far. */
  get numSamples(): number {
    return this.num
  }

  /** False once a stale marker was appended or the chunk is full. */
  get acceptsMore(): boolean {
    return !this.closed && this.num < MAX_SAMPLES_PER_CHUNK
  }

  /** Appends a histogram laid out as the chunk's layout; timestamps must increase strictly. */
  append(t: number, h: NativeHistogram, stale: boolean): void {
    if (!this.acceptsMore) throw new InvalidBlockInputError('cannot append to histogram chunk (it is closed)')
    if (this.num > 0 && t <= this.t) {
      throw new InvalidBlockInputError(`cannot append histogram at ${t} (last sample is at ${this.t})`)
    }
    const w = this.w
    const hi = floatHi(h.sum)
    const lo = lastFloatLo()
    if (stale) {
      this.appendStale(t, hi, lo)
      return
    }
    if (h.positiveBuckets.length !== this.nPos || h.negativeBuckets.length !== this.nNeg) {
      throw new InvalidBlockInputError(
        `cannot append histogram at ${t} (bucket layout differs from the chunk's)`,
      )
    }
    checkCount(h.count, t)
    checkCount(h.zeroCount, t)
    if (this.num === 0) {
      putVarbitInt(w, t)
      putVarbitUint(w, h.count)
      putVarbitUint(w, h.zeroCount)
      w.writeBits64(hi, lo, 64)
      this.sum.hi = hi
      this.sum.lo = lo
      this.forEachDeltaBucket(h, (i, d) => {
        putVarbitInt(w, d)
        this.buckets[i] = d
      })
    } else {
      const tDelta = t - this.t
      const cntDelta = h.count - this.cnt
      const zCntDelta = h.zeroCount - this.zCnt
      putVarbitInt(w, tDelta - this.tDelta)
      putVarbitInt(w, cntDelta - this.cntDelta)
      putVarbitInt(w, zCntDelta - this.zCntDelta)
      this.sum.write(w, hi, lo)
      this.forEachDeltaBucket(h, (i, d) => {
        const delta = d - (this.buckets[i] as number)
        putVarbitInt(w, delta - (this.bucketDeltas[i] as number))
        this.bucketDeltas[i] = delta
        this.buckets[i] = d
      })
      this.tDelta = tDelta
      this.cntDelta = cntDelta
      this.zCntDelta = zCntDelta
    }
    this.t = t
    this.cnt = h.count
    this.zCnt = h.zeroCount
    this.num++
  }

  private appendStale(t: number, hi: number, lo: number): void {
    const w = this.w
    if (this.num === 0) {
      putVarbitInt(w, t)
      putVarbitUint(w, 0)
      putVarbitUint(w, 0)
      w.writeBits64(hi, lo, 64)
      // Prometheus writes the chunk's bucket fields even for a stale first sample; they are zero here.
      for (let i = 0; i < this.nPos + this.nNeg; i++) putVarbitInt(w, 0)
    } else {
      putVarbitInt(w, t - this.t - this.tDelta)
      putVarbitInt(w, 0)
      putVarbitInt(w, 0)
      this.sum.write(w, hi, lo)
    }
    this.t = t
    this.num++
    this.closed = true
  }

  /** Prometheus stores buckets as deltas between neighbours, the first absolute; negative ones separately. */
  private forEachDeltaBucket(h: NativeHistogram, fn: (i: number, delta: number) => void): void {
    let prev = 0
    for (let i = 0; i < this.nPos; i++) {
      const c = h.positiveBuckets[i] as number
      checkCount(c, this.t)
      fn(i, c - prev)
      prev = c
    }
    prev = 0
    for (let i = 0; i < this.nNeg; i++) {
      const c = h.negativeBuckets[i] as number
      checkCount(c, this.t)
      fn(this.nPos + i, c - prev)
      prev = c
    }
  }

  /** The chunk's bytes (a copy). */
  bytes(): Uint8Array {
    const out = this.w.finish()
    out[0] = this.num >>> 8
    out[1] = this.num & 0xff
    out[2] = (out[2] as number & 0x3f) | this.header
    return out
  }
}

function checkCount(c: number, t: number): void {
  if (!Number.isSafeInteger(c) || c < 0) {
    throw new InvalidBlockInputError(
      `cannot encode histogram at ${t} (count ${c} is not a non-negative integer)`,
    )
  }
}

/** Number of buckets the spans cover. */
export function countBuckets(spans: readonly BucketSpan[]): number {
  let n = 0
  for (const s of spans) n += s.length
  return n
}

function putSpans(w: BitWriter, spans: readonly BucketSpan[]): void {
  putVarbitUint(w, spans.length)
  for (const s of spans) {
    putVarbitUint(w, s.length)
    putVarbitInt(w, s.offset)
  }
}

/** 0 as one zero byte; a power of two 2^-243..2^10 as one byte (exponent + 244); anything else as 0xff + float64. */
function putZeroThreshold(w: BitWriter, threshold: number): void {
  if (threshold === 0) {
    w.writeBits(0, 8)
    return
  }
  const hi = floatHi(threshold)
  const lo = lastFloatLo()
  const exp = ((hi >>> 20) & 0x7ff) - 1023
  if (lo === 0 && (hi & 0x800fffff) === 0 && exp >= -243 && exp <= 10) {
    w.writeBits(exp + 244, 8)
    return
  }
  w.writeBits(0xff, 8)
  w.writeBits64(hi, lo, 64)
}
