import {
  emptyHistogram,
  type BucketSpan,
  type CounterResetHint,
  type NativeHistogram,
} from '@watchfire/model'
import { CorruptChunkError } from '../errors.js'
import { BitReader } from './bit-reader.js'
import { floatFromBits } from './float-bits.js'
import { CounterResetHeader, countBuckets } from './histogram-chunk.js'
import { readVarbitInt, readVarbitUint } from './varbit.js'
import { ValueType } from './value-type.js'
import { XorValueState } from './xor-value.js'

const STALE_HI = 0x7ff00000
const STALE_LO = 0x00000002

/**
 * Decodes an integer native-histogram chunk. `atHistogram()` returns one histogram object owned by the
 * iterator whose counts are updated in place by the next `next()`: copy it to keep it. Bucket arrays
 * are allocated once per chunk, never per sample.
 */
export class HistogramIterator {
  private readonly r = new BitReader()
  private readonly sum = new XorValueState()
  private numTotal = 0
  private numRead = 0
  private header: number = CounterResetHeader.Unknown
  private t = 0
  private tDelta = 0
  private cnt = 0
  private cntDelta = 0
  private zCnt = 0
  private zCntDelta = 0
  private nPos = 0
  private deltas = new Float64Array(0)
  private dod = new Float64Array(0)
  private stale = false
  private error: Error | undefined
  private h: NativeHistogram = emptyHistogram()
  private readonly staleH: NativeHistogram = emptyHistogram()

  /** Points the iterator at a chunk's bytes `bytes[start, end)` (header included). */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): this {
    this.error = undefined
    this.numRead = 0
    this.t = this.tDelta = this.cnt = this.cntDelta = this.zCnt = this.zCntDelta = 0
    this.sum.reset(0)
    this.stale = false
    if (end - start < 3) {
      this.numTotal = 0
      this.error = new CorruptChunkError('histogram', 'shorter than its 3-byte header')
      return this
    }
    this.numTotal = ((bytes[start] as number) << 8) | (bytes[start + 1] as number)
    this.header = (bytes[start + 2] as number) & 0xc0
    this.r.reset(bytes, start + 3, end)
    return this
  }

  private readLayout(): boolean {
    const r = this.r
    const zt = r.readBits(8)
    let zeroThreshold: number
    if (zt === 0) zeroThreshold = 0
    else if (zt === 255) {
      r.readBits64(64)
      zeroThreshold = floatFromBits(r.hi, r.lo)
    } else zeroThreshold = 2 ** (zt - 244)
    const schema = readVarbitInt(r)
    const positiveSpans = this.readSpans()
    const negativeSpans = this.readSpans()
    if (r.overflow || positiveSpans === undefined || negativeSpans === undefined) return false
    this.nPos = countBuckets(positiveSpans)
    const n = this.nPos + countBuckets(negativeSpans)
    this.deltas = new Float64Array(n)
    this.dod = new Float64Array(n)
    // A fresh object per chunk: a caller may still hold the previous chunk's histogram.
    this.h = {
      schema,
      zeroThreshold,
      zeroCount: 0,
      count: 0,
      sum: 0,
      positiveSpans,
      positiveBuckets: new Array<number>(this.nPos).fill(0),
      negativeSpans,
      negativeBuckets: new Array<number>(n - this.nPos).fill(0),
      counterResetHint: 'unknown',
    }
    return true
  }

  private readSpans(): BucketSpan[] | undefined {
    const r = this.r
    const num = readVarbitUint(r)
    if (num > 1 << 16 || r.overflow) return undefined
    const spans: BucketSpan[] = []
    for (let i = 0; i < num; i++) {
      const length = readVarbitUint(r)
      const offset = readVarbitInt(r)
      spans.push({ offset, length })
    }
    return spans
  }

  /** Advances to the next sample. */
  next(): ValueType {
    if (this.numRead === this.numTotal || this.error !== undefined) return ValueType.None
    const r = this.r
    const n = this.deltas.length
    if (this.numRead === 0) {
      if (!this.readLayout()) return this.fail('bad layout')
      this.t = readVarbitInt(r)
      this.cnt = readVarbitUint(r)
      this.zCnt = readVarbitUint(r)
      r.readBits64(64)
      this.sum.hi = r.hi
      this.sum.lo = r.lo
      for (let i = 0; i < this.deltas.length; i++) this.deltas[i] = readVarbitInt(r)
    } else {
      this.tDelta += readVarbitInt(r)
      this.t += this.tDelta
      this.cntDelta += readVarbitInt(r)
      this.cnt += this.cntDelta
      this.zCntDelta += readVarbitInt(r)
      this.zCnt += this.zCntDelta
      if (!this.sum.read(r)) return this.fail('invalid sum bits')
      if (!(this.sum.hi === STALE_HI && this.sum.lo === STALE_LO)) {
        const deltas = this.deltas
        const dod = this.dod
        for (let i = 0; i < n; i++) {
          dod[i] = (dod[i] as number) + readVarbitInt(r)
          deltas[i] = (deltas[i] as number) + (dod[i] as number)
        }
      }
    }
    if (r.overflow) return this.fail(`truncated after ${this.numRead} of ${this.numTotal} samples`)
    this.numRead++
    this.stale = this.sum.hi === STALE_HI && this.sum.lo === STALE_LO
    if (!this.stale) this.fillHistogram()
    return ValueType.Histogram
  }

  private fillHistogram(): void {
    const h = this.h
    h.count = this.cnt
    h.zeroCount = this.zCnt
    h.sum = floatFromBits(this.sum.hi, this.sum.lo)
    h.counterResetHint = this.hint()
    let acc = 0
    const pos = h.positiveBuckets
    for (let i = 0; i < this.nPos; i++) pos[i] = acc += this.deltas[i] as number
    acc = 0
    const neg = h.negativeBuckets
    for (let i = 0; i < neg.length; i++) neg[i] = acc += this.deltas[this.nPos + i] as number
  }

  private hint(): CounterResetHint {
    if (this.header === CounterResetHeader.Gauge) return 'gauge'
    if (this.numRead > 1) return 'not-reset'
    if (this.header === CounterResetHeader.NotReset) return 'not-reset'
    return this.header === CounterResetHeader.Reset ? 'reset' : 'unknown'
  }

  /** Advances to the first sample at or after `t`; never moves backwards. */
  seek(t: number): ValueType {
    if (this.error !== undefined) return ValueType.None
    while (this.numRead === 0 || this.t < t) {
      if (this.next() === ValueType.None) return ValueType.None
    }
    return ValueType.Histogram
  }

  /** Timestamp of the current sample. */
  atT(): number {
    return this.t
  }

  /** The current histogram (owned by the iterator); a stale marker is an empty histogram with a stale-NaN sum. */
  atHistogram(): NativeHistogram {
    if (this.stale) {
      this.staleH.sum = floatFromBits(STALE_HI, STALE_LO)
      return this.staleH
    }
    return this.h
  }

  /** Why iteration stopped early, if it did. */
  err(): Error | undefined {
    return this.error
  }

  private fail(reason: string): ValueType {
    this.error = new CorruptChunkError('histogram', reason)
    return ValueType.None
  }
}
