import { CorruptChunkError } from '../errors.js'
import { ValueType } from './value-type.js'
import { XorColumns } from './xor-decode.js'

/**
 * Iterates an XOR chunk sample by sample. The chunk is decoded whole into reused columns on the
 * first `next()`/`seek()` (a tight loop, see {@link XorColumns}); stepping is then an index walk.
 * Reusable through `reset()` and allocation-free per sample. Not safe for concurrent use.
 */
export class XorIterator {
  private readonly cols = new XorColumns()
  private bytes: Uint8Array = new Uint8Array(0)
  private start = 0
  private end = 0
  private decoded = false
  private ok = true
  private i = -1
  private error: Error | undefined

  /** Points the iterator at a chunk's bytes `bytes[start, end)` (header included). */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): this {
    this.bytes = bytes
    this.start = start
    this.end = end
    this.decoded = false
    this.ok = true
    this.i = -1
    this.error = undefined
    return this
  }

  /** Advances to the next sample. */
  next(): ValueType {
    if (!this.decoded) this.decode()
    const i = this.i + 1
    if (i < this.cols.n) {
      this.i = i
      return ValueType.Float
    }
    this.i = this.cols.n
    if (!this.ok && this.error === undefined) {
      this.error =
        this.end - this.start < 2
          ? new CorruptChunkError('XOR', 'shorter than its 2-byte header')
          : new CorruptChunkError(
              'XOR',
              `truncated or invalid after ${this.cols.n} of ${this.cols.total} samples`,
            )
    }
    return ValueType.None
  }

  /** Advances to the first sample at or after `t`; never moves backwards. */
  seek(t: number): ValueType {
    if (!this.decoded) this.decode()
    const ts = this.cols.ts
    const n = this.cols.n
    let i = this.i < 0 ? 0 : this.i
    if (i < n && (ts[i] as number) >= t) {
      this.i = i
      return ValueType.Float
    }
    // Binary search the rest of the decoded columns.
    let hi = n
    while (i < hi) {
      const mid = (i + hi) >>> 1
      if ((ts[mid] as number) < t) i = mid + 1
      else hi = mid
    }
    this.i = i - 1
    return this.next()
  }

  /** Timestamp of the current sample. */
  atT(): number {
    return this.cols.ts[this.i] as number
  }

  /** Value of the current sample; NaN payloads such as the stale marker are preserved. */
  atF(): number {
    return this.cols.vs[this.i] as number
  }

  /**
   * Copies the current sample and the ones after it in this chunk with timestamps <= `maxT` into
   * `ts`/`vs` from `at`, as room allows; stays on the last one copied. See SampleIterator.copyFloats.
   */
  copyFloats(maxT: number, ts: Float64Array, vs: Float64Array, at: number): number {
    const cts = this.cols.ts
    const cvs = this.cols.vs
    const n = this.cols.n
    let i = this.i
    let k = at
    const room = ts.length
    while (i < n && k < room && (cts[i] as number) <= maxT) {
      ts[k] = cts[i] as number
      vs[k] = cvs[i] as number
      i++
      k++
    }
    this.i = i - 1
    return k - at
  }

  /** Why iteration stopped early, if it did. */
  err(): Error | undefined {
    return this.error
  }

  private decode(): void {
    this.decoded = true
    this.ok = this.cols.decode(this.bytes, this.start, this.end)
  }
}
