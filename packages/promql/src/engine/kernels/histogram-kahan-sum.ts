import type { CounterResetHint, NativeHistogram } from '@watchfire/model'
import { intersectAscending } from '@watchfire/storage'
import { boundsMatch, combineCounterResetHints, IncompatibleHistogramSchemaError } from './float-histogram.js'
import {
  bucketBound,
  bucketList,
  CUSTOM_BUCKETS_SCHEMA,
  reducedIndex,
  toSpans,
  usesCustomBuckets,
} from './histogram-buckets.js'
import { kahanAdd, type KahanPair } from './kahan.js'

/**
 * A running histogram sum with a Kahan–Neumaier compensation for every field and bucket, after
 * Prometheus's FloatHistogram.KahanAdd: what sum and avg aggregations and sum_over_time /
 * avg_over_time accumulate, so that large values cancelling out do not swallow small ones.
 */

type Buckets = Map<number, KahanPair>

function pair(sum: number): KahanPair {
  return { sum, c: 0 }
}

function toMap(spans: NativeHistogram['positiveSpans'], counts: readonly number[]): Buckets {
  const list = bucketList(spans, counts)
  const out: Buckets = new Map()
  for (let i = 0; i < list.indexes.length; i++)
    out.set(list.indexes[i] as number, pair(list.counts[i] as number))
  return out
}

function sortedIndexes(b: Buckets): number[] {
  return [...b.keys()].sort((x, y) => x - y)
}

/** Moves bucket `from` into `into`: value and compensation are both added with compensation. */
function mergeInto(into: Buckets, index: number, from: KahanPair): void {
  const e = into.get(index)
  if (e === undefined) into.set(index, { sum: from.sum, c: from.c })
  else {
    kahanAdd(e, from.sum)
    kahanAdd(e, from.c)
  }
}

/** Buckets at a coarser exponential schema. */
function reduce(b: Buckets, from: number, to: number): Buckets {
  if (from === to) return b
  const out: Buckets = new Map()
  for (const i of sortedIndexes(b)) mergeInto(out, reducedIndex(i, from, to), b.get(i) as KahanPair)
  return out
}

/** Custom buckets mapped onto a subset of their bounds: each joins the first common bound at or above its own. */
function remapCustom(b: Buckets, bounds: readonly number[], common: readonly number[]): Buckets {
  const out: Buckets = new Map()
  let target = 0
  for (const i of sortedIndexes(b)) {
    const upper = bounds[i] ?? Infinity
    while (target < common.length && (common[target] as number) < upper) target++
    mergeInto(out, target, b.get(i) as KahanPair)
  }
  return out
}

/**
 * The zero threshold a histogram needs to cover at least `threshold`: it grows to a populated
 * bucket's upper bound when it would split that bucket.
 */
function widenedThreshold(sides: readonly Buckets[], schema: number, own: number, threshold: number): number {
  if (threshold === own) return threshold
  let t = threshold
  for (let restart = true; restart;) {
    restart = false
    for (const side of sides) {
      for (const i of sortedIndexes(side)) {
        if (bucketBound(i - 1, schema, undefined) >= t) break
        const upper = bucketBound(i, schema, undefined)
        if (upper > t) {
          if ((side.get(i) as KahanPair).sum !== 0) {
            t = upper
            restart = true
          }
          break
        }
      }
      if (restart) break
    }
  }
  return t
}

/** Moves the buckets lying inside a zero bucket of `threshold` into `zero`. */
function absorbIntoZero(side: Buckets, schema: number, threshold: number, zero: KahanPair): void {
  for (const i of sortedIndexes(side)) {
    if (bucketBound(i - 1, schema, undefined) >= threshold) break
    const p = side.get(i) as KahanPair
    kahanAdd(zero, p.sum)
    kahanAdd(zero, p.c)
    side.delete(i)
  }
}

/** What one addition noticed besides the sum. */
export interface KahanAddNotes {
  counterResetCollision: boolean
  customBoundsReconciled: boolean
}

/** A compensated running sum of native histograms; read it with {@link HistogramKahanSum.total}. */
export class HistogramKahanSum {
  private constructor(
    private schema: number,
    private zeroThreshold: number,
    private customValues: number[] | undefined,
    private hint: CounterResetHint,
    private zero: KahanPair,
    private count: KahanPair,
    private sum: KahanPair,
    private pos: Buckets,
    private neg: Buckets,
  ) {}

  /** A sum holding just `h`. */
  static of(h: NativeHistogram): HistogramKahanSum {
    return new HistogramKahanSum(
      h.schema,
      h.zeroThreshold,
      h.customValues === undefined ? undefined : [...h.customValues],
      h.counterResetHint ?? 'unknown',
      pair(h.zeroCount),
      pair(h.count),
      pair(h.sum),
      toMap(h.positiveSpans, h.positiveBuckets),
      toMap(h.negativeSpans, h.negativeBuckets),
    )
  }

  /** An independent copy. */
  clone(): HistogramKahanSum {
    const copy = (b: Buckets): Buckets => new Map([...b].map(([i, p]) => [i, { ...p }]))
    return new HistogramKahanSum(
      this.schema,
      this.zeroThreshold,
      this.customValues === undefined ? undefined : [...this.customValues],
      this.hint,
      { ...this.zero },
      { ...this.count },
      { ...this.sum },
      copy(this.pos),
      copy(this.neg),
    )
  }

  private forEachPair(fn: (p: KahanPair) => void): void {
    fn(this.zero)
    fn(this.count)
    fn(this.sum)
    for (const p of this.pos.values()) fn(p)
    for (const p of this.neg.values()) fn(p)
  }

  /** Multiplies the sum and its compensation by `factor`. */
  multiply(factor: number): void {
    this.forEachPair((p) => {
      p.sum *= factor
      p.c *= factor
    })
  }

  /** Divides the sum and its compensation by `divisor`. */
  divide(divisor: number): void {
    this.forEachPair((p) => {
      p.sum /= divisor
      p.c /= divisor
    })
  }

  /** True when any field or bucket of the sum is infinite. */
  hasOverflow(): boolean {
    let inf = false
    this.forEachPair((p) => {
      if (p.sum === Infinity || p.sum === -Infinity) inf = true
    })
    if (inf) return true
    return (this.customValues ?? []).some((v) => v === Infinity || v === -Infinity)
  }

  /** Adds `h`; throws {@link IncompatibleHistogramSchemaError} for exponential with custom buckets. */
  add(h: NativeHistogram): KahanAddNotes {
    const custom = this.schema === CUSTOM_BUCKETS_SCHEMA
    if (custom !== usesCustomBuckets(h)) throw new IncompatibleHistogramSchemaError()
    const hints = combineCounterResetHints(this.hint, h.counterResetHint ?? 'unknown')
    this.hint = hints.hint
    let pos = toMap(h.positiveSpans, h.positiveBuckets)
    let neg = toMap(h.negativeSpans, h.negativeBuckets)
    let reconciled = false
    if (custom) {
      const mine = this.customValues ?? []
      const theirs = h.customValues ?? []
      if (!boundsMatch(mine, theirs)) {
        reconciled = true
        const common = intersectAscending(mine, theirs)
        this.pos = remapCustom(this.pos, mine, common)
        pos = remapCustom(pos, theirs, common)
        this.customValues = common
      }
    } else {
      if (h.schema < this.schema) {
        this.pos = reduce(this.pos, this.schema, h.schema)
        this.neg = reduce(this.neg, this.schema, h.schema)
        this.schema = h.schema
      } else if (h.schema > this.schema) {
        pos = reduce(pos, h.schema, this.schema)
        neg = reduce(neg, h.schema, this.schema)
      }
      const otherZero = pair(h.zeroCount)
      let t = Math.max(this.zeroThreshold, h.zeroThreshold)
      for (;;) {
        const mineT = widenedThreshold([this.pos, this.neg], this.schema, this.zeroThreshold, t)
        const theirT = widenedThreshold([pos, neg], this.schema, h.zeroThreshold, mineT)
        if (theirT === mineT) break
        t = Math.max(mineT, theirT)
      }
      t = widenedThreshold([this.pos, this.neg], this.schema, this.zeroThreshold, t)
      if (t !== this.zeroThreshold) {
        absorbIntoZero(this.pos, this.schema, t, this.zero)
        absorbIntoZero(this.neg, this.schema, t, this.zero)
        this.zeroThreshold = t
      }
      if (t !== h.zeroThreshold) {
        absorbIntoZero(pos, this.schema, t, otherZero)
        absorbIntoZero(neg, this.schema, t, otherZero)
      }
      kahanAdd(this.zero, otherZero.sum)
      kahanAdd(this.zero, otherZero.c)
    }
    kahanAdd(this.count, h.count)
    kahanAdd(this.sum, h.sum)
    for (const [i, p] of pos) mergeInto(this.pos, i, p)
    for (const [i, p] of neg) mergeInto(this.neg, i, p)
    return { counterResetCollision: hints.collision, customBoundsReconciled: reconciled }
  }

  /** The compensated sum, divided by `divisor` (field by field: sum/divisor + compensation/divisor). */
  total(divisor = 1): NativeHistogram {
    const value = (p: KahanPair): number => (divisor === 1 ? p.sum + p.c : p.sum / divisor + p.c / divisor)
    const side = (b: Buckets): { spans: NativeHistogram['positiveSpans']; counts: number[] } => {
      const indexes = sortedIndexes(b)
      return toSpans({ indexes, counts: indexes.map((i) => value(b.get(i) as KahanPair)) }, true)
    }
    const pos = side(this.pos)
    const neg = side(this.neg)
    const out: NativeHistogram = {
      schema: this.schema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: value(this.zero),
      count: value(this.count),
      sum: value(this.sum),
      positiveSpans: pos.spans,
      positiveBuckets: pos.counts,
      negativeSpans: neg.spans,
      negativeBuckets: neg.counts,
      counterResetHint: this.hint,
    }
    if (this.customValues !== undefined) out.customValues = [...this.customValues]
    return out
  }
}
