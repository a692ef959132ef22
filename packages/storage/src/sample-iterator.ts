import type { NativeHistogram } from '@watchfire/model'

/** What kind of sample an iterator is positioned on; `None` means exhausted. */
export const ValueType = { None: 0, Float: 1, Histogram: 2 } as const

/** One of {@link ValueType}'s members. */
export type ValueType = (typeof ValueType)[keyof typeof ValueType]

/**
 * A forward-only cursor over one series' samples in timestamp order (chunkenc.Iterator in
 * Prometheus).
 *
 * Iteration is synchronous and allocation-free: Go's `At() (t, v)` is split into `atT()` and
 * `atF()` so no tuple is built per sample. The accessors are only valid after `next()` or `seek()`
 * returned something other than `None`. A histogram returned by `atHistogram()` belongs to the
 * iterator and may be overwritten by the next call to `next()`/`seek()`: copy it to keep it. Not
 * safe for concurrent use; one consumer at a time.
 */
export interface SampleIterator {
  /** Advances to the next sample and reports its kind, or `None` at the end. */
  next(): ValueType
  /**
   * Advances to the first sample with timestamp >= `t` and reports its kind. Never moves backwards:
   * if the current sample already satisfies `t`, it stays put.
   */
  seek(t: number): ValueType
  /** Timestamp in milliseconds of the current sample. */
  atT(): number
  /** Value of the current float sample (may be the stale marker). */
  atF(): number
  /** The current histogram sample; owned by the iterator (see the interface notes). */
  atHistogram(): NativeHistogram
  /** The error that stopped iteration early, if any. */
  err(): Error | undefined
  /**
   * Optional: the start timestamp in ms of the current sample (float or histogram), 0 when unknown.
   * Stores that keep no start timestamps leave it out; readers then treat every sample as unknown.
   */
  atST?(): number
  /**
   * Optional bulk copy for readers that gather samples into columns. Only valid while positioned on
   * a float sample with timestamp <= `maxT`: copies that sample and the float samples right after it
   * with timestamps <= `maxT` into `ts`/`vs` from index `at`, as room allows (at least one slot must
   * be free), and leaves the iterator on the last one copied, so `next()` continues after it. May
   * stop early at any point (a chunk boundary, say); returns how many it copied, at least one.
   * With `sts`, an iterator that implements `atST` also writes the copied samples' start timestamps
   * there (0 when unknown); `sts` must be at least as long as `ts`.
   */
  copyFloats?(maxT: number, ts: Float64Array, vs: Float64Array, at: number, sts?: Float64Array): number
}

class EmptyIterator implements SampleIterator {
  next(): ValueType {
    return ValueType.None
  }
  seek(): ValueType {
    return ValueType.None
  }
  atT(): number {
    throw new RangeError('cannot read sample (empty iterator)')
  }
  atF(): number {
    throw new RangeError('cannot read sample (empty iterator)')
  }
  atHistogram(): NativeHistogram {
    throw new RangeError('cannot read sample (empty iterator)')
  }
  err(): Error | undefined {
    return undefined
  }
}

/** An iterator with no samples, shared because it holds no state. */
export const EMPTY_ITERATOR: SampleIterator = new EmptyIterator()
