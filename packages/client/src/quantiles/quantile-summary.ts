/**
 * A Greenwald–Khanna ε-approximate quantile summary fed in sorted batches.
 *
 * The summary keeps tuples `(v, g, Δ)` in value order. For tuple `i`, `rmin(i) = Σ g` up to and including `i`
 * and `rmax(i) = rmin(i) + Δ(i)` bound the rank of `v(i)` among all values inserted so far. The invariant
 * `g(i) + Δ(i) <= ⌊2εn⌋` (for every tuple but the first and last, which stay exact) guarantees that every
 * quantile query returns a value whose rank is within `εn` of the requested rank (Greenwald & Khanna,
 * SIGMOD 2001). Inserting a whole sorted batch in one merge pass keeps the invariant because each new value's
 * uncertainty is inherited from its successor, and `⌊2εn⌋` only grows with `n`.
 */
export class QuantileSummary {
  /** The guaranteed rank error as a fraction of the number of values inserted. */
  readonly rankError: number
  private values = EMPTY
  private gs = EMPTY
  private deltas = EMPTY
  private size = 0
  private n = 0

  constructor(rankError: number) {
    this.rankError = rankError
  }

  /** How many values were inserted since the last reset. */
  get count(): number {
    return this.n
  }

  /** How many tuples the summary currently holds (its memory footprint, for tests and benchmarks). */
  get tupleCount(): number {
    return this.size
  }

  /** Forgets every value; keeps the allocated buffers for reuse. */
  reset(): void {
    this.size = 0
    this.n = 0
  }

  /**
   * Inserts `batch[0..length)`, which must be sorted ascending and free of NaN, merging and compressing in a
   * single pass into the shared scratch buffers, then copying the result back.
   */
  insertSorted(batch: Float64Array, length: number): void {
    if (length === 0) return
    this.n += length
    const scratch = scratchFor(this.size + length)
    const threshold = Math.floor(2 * this.rankError * this.n)
    const vs = this.values
    const gs = this.gs
    const ds = this.deltas
    const outV = scratch.values
    const outG = scratch.gs
    const outD = scratch.deltas
    const oldSize = this.size
    let out = 0
    let i = 0
    let j = 0
    // The tuple waiting to be emitted: it may still be merged into the next one.
    let pv = 0
    let pg = 0
    let pd = 0
    let pending = false
    while (i < oldSize || j < length) {
      let v: number
      let g: number
      let d: number
      if (j < length && (i >= oldSize || (batch[j] as number) < (vs[i] as number))) {
        v = batch[j] as number
        g = 1
        // A new value inherits its successor's uncertainty; a new minimum or maximum is exact.
        d = i < oldSize && i > 0 ? (gs[i] as number) + (ds[i] as number) - 1 : 0
        j++
      } else {
        v = vs[i] as number
        g = gs[i] as number
        d = ds[i] as number
        i++
      }
      if (pending) {
        // Never absorb the first tuple: it must stay the exact minimum.
        if (out > 0 && pg + g + d <= threshold) {
          g += pg
        } else {
          outV[out] = pv
          outG[out] = pg
          outD[out] = pd
          out++
        }
      }
      pv = v
      pg = g
      pd = d
      pending = true
    }
    outV[out] = pv
    outG[out] = pg
    outD[out] = pd
    out++
    if (this.values.length < out) {
      // Headroom so a stream that still grows does not reallocate on every batch.
      const capacity = out + (out >>> 1)
      this.values = new Float64Array(capacity)
      this.gs = new Float64Array(capacity)
      this.deltas = new Float64Array(capacity)
    }
    this.values.set(outV.subarray(0, out))
    this.gs.set(outG.subarray(0, out))
    this.deltas.set(outD.subarray(0, out))
    this.size = out
  }

  /**
   * The tuples' values and weights (`g`) in value order, for merging summaries of several processes: each
   * value stands for `g` observations, so the merged ranks stay within the sum of the parts' rank errors.
   */
  weightedValues(): { values: number[]; weights: number[] } {
    return {
      values: Array.from(this.values.subarray(0, this.size)),
      weights: Array.from(this.gs.subarray(0, this.size)),
    }
  }

  /**
   * Returns a value whose rank is within `rankError · count` of `⌈q · count⌉` (clamped to 1..count), or NaN when
   * the summary is empty.
   */
  query(q: number): number {
    const size = this.size
    if (size === 0) return NaN
    const target = Math.min(this.n, Math.max(1, Math.ceil(q * this.n)))
    const vs = this.values
    const gs = this.gs
    const ds = this.deltas
    let rmin = 0
    let best = 0
    let bestError = Infinity
    for (let i = 0; i < size; i++) {
      rmin += gs[i] as number
      const rmax = rmin + (ds[i] as number)
      const error = Math.max(target - rmin, rmax - target)
      if (error < bestError) {
        bestError = error
        best = i
      }
      // Past the target, later tuples only have larger lower bounds.
      if (rmin - target > bestError) break
    }
    return vs[best] as number
  }
}

const EMPTY = new Float64Array(0)

// One set of merge buffers shared by every summary: merges run to completion synchronously, so they never
// overlap, and sharing halves the memory a summary would need if it double-buffered.
const shared = { values: EMPTY, gs: EMPTY, deltas: EMPTY }

function scratchFor(capacity: number): typeof shared {
  if (shared.values.length < capacity) {
    let next = Math.max(1024, shared.values.length)
    while (next < capacity) next *= 2
    shared.values = new Float64Array(next)
    shared.gs = new Float64Array(next)
    shared.deltas = new Float64Array(next)
  }
  return shared
}
