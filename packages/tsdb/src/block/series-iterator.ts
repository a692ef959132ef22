import type { NativeHistogram } from '@watchfire/model'
import { HistogramIterator } from '../chunkenc/histogram-iterator.js'
import { ChunkEncoding, ValueType } from '../chunkenc/value-type.js'
import { XorIterator } from '../chunkenc/xor-iterator.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import { CorruptChunkError } from '../errors.js'
import type { Interval } from './tombstones.js'

const NO_INTERVALS: readonly Interval[] = []
const NO_BYTES = new Uint8Array(0)

// XOR iterators own decode columns that are costly to allocate per series: finished block iterators
// hand theirs back here for the next series. Bounded; iterators abandoned midway are simply collected.
const POOL_SIZE = 16
const xorPool: XorIterator[] = []

/**
 * Iterates one series' samples across its chunks within [minT, maxT], skipping deleted intervals.
 * Shape and semantics match @watchfire/storage's SampleIterator; allocation-free per sample.
 */
export class BlockSeriesIterator {
  private readonly chunks: readonly ChunkBytes[]
  private readonly minT: number
  private readonly maxT: number
  private readonly deleted: readonly Interval[]
  private xor: XorIterator | undefined
  private hist: HistogramIterator | undefined
  private current: XorIterator | HistogramIterator | undefined
  private kind: ValueType = ValueType.None
  private next_ = 0
  private error: Error | undefined

  constructor(
    chunks: readonly ChunkBytes[],
    minT: number,
    maxT: number,
    deleted: readonly Interval[] = NO_INTERVALS,
  ) {
    this.chunks = chunks
    this.minT = minT
    this.maxT = maxT
    this.deleted = deleted
  }

  /** Advances to the next sample in range. */
  next(): ValueType {
    for (;;) {
      if (this.current === undefined && !this.openNextChunk()) return this.finish()
      const cur = this.current as XorIterator | HistogramIterator
      const vt = cur.next()
      if (vt === ValueType.None) {
        const err = cur.err()
        if (err !== undefined) {
          this.error = err
          return this.finish()
        }
        this.current = undefined
        continue
      }
      const t = cur.atT()
      if (t < this.minT || this.isDeleted(t)) continue
      if (t > this.maxT) {
        this.next_ = this.chunks.length
        this.current = undefined
        return this.finish()
      }
      return (this.kind = vt)
    }
  }

  /** Iteration is over for good: the XOR iterator goes back to the pool. */
  private finish(): ValueType {
    this.current = undefined
    this.next_ = this.chunks.length
    // Pooled without its chunk: the bytes may be a view into a large read window (head chunk files).
    if (this.xor !== undefined && xorPool.length < POOL_SIZE) xorPool.push(this.xor.reset(NO_BYTES, 0, 0))
    this.xor = undefined
    return (this.kind = ValueType.None)
  }

  private openNextChunk(): boolean {
    while (this.next_ < this.chunks.length && this.error === undefined) {
      const c = this.chunks[this.next_++] as ChunkBytes
      if (c.encoding === ChunkEncoding.XOR) {
        this.xor ??= xorPool.pop() ?? new XorIterator()
        this.current = this.xor.reset(c.bytes, c.start, c.end)
      } else if (c.encoding === ChunkEncoding.Histogram) {
        this.hist ??= new HistogramIterator()
        this.current = this.hist.reset(c.bytes, c.start, c.end)
      } else {
        this.error = new CorruptChunkError(`encoding ${c.encoding}`, 'unsupported chunk encoding')
        return false
      }
      return true
    }
    return false
  }

  private isDeleted(t: number): boolean {
    const d = this.deleted
    for (let i = 0; i < d.length; i++) {
      const iv = d[i] as Interval
      if (t < iv.minT) return false
      if (t <= iv.maxT) return true
    }
    return false
  }

  /** Advances to the first sample at or after `t`; never moves backwards. */
  seek(t: number): ValueType {
    if (this.kind !== ValueType.None && this.current !== undefined && this.current.atT() >= t)
      return this.kind
    for (;;) {
      const vt = this.next()
      if (vt === ValueType.None || (this.current as XorIterator | HistogramIterator).atT() >= t) return vt
    }
  }

  /** Bulk copy of the current chunk's floats; see SampleIterator.copyFloats in @watchfire/storage. */
  copyFloats(maxT: number, ts: Float64Array, vs: Float64Array, at: number): number {
    const cur = this.current
    if (cur !== this.xor || cur === undefined || this.deleted.length > 0) {
      // Tombstoned series and histogram chunks go sample by sample.
      ts[at] = this.atT()
      vs[at] = this.atF()
      return 1
    }
    return cur.copyFloats(maxT < this.maxT ? maxT : this.maxT, ts, vs, at)
  }

  /** Timestamp of the current sample. */
  atT(): number {
    return (this.current as XorIterator | HistogramIterator).atT()
  }

  /** Value of the current float sample. */
  atF(): number {
    return (this.xor as XorIterator).atF()
  }

  /** The current histogram sample; owned by the iterator. */
  atHistogram(): NativeHistogram {
    return (this.hist as HistogramIterator).atHistogram()
  }

  /** The error that stopped iteration early, if any. */
  err(): Error | undefined {
    return this.error
  }
}
