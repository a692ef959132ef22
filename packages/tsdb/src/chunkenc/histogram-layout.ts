import type { BucketSpan } from '@watchfire/model'

/**
 * Bucket layouts of native histograms: spans of populated bucket indices. A histogram chunk has one
 * layout for all its samples, so samples whose buckets differ are expanded into the union layout with
 * zero counts, as Prometheus's recoding does when new buckets appear.
 */

/** Absolute bucket indices covered by `spans`, ascending. */
export function bucketIndices(spans: readonly BucketSpan[]): number[] {
  const out: number[] = []
  let idx = 0
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s] as BucketSpan
    idx += span.offset
    for (let j = 0; j < span.length; j++) out.push(idx++)
  }
  return out
}

/** Spans covering exactly the given ascending, unique indices. */
export function spansFromIndices(indices: readonly number[]): BucketSpan[] {
  const spans: BucketSpan[] = []
  let next = 0
  for (let i = 0; i < indices.length; i++) {
    const idx = indices[i] as number
    const last = spans[spans.length - 1]
    if (last !== undefined && idx === next) last.length++
    else spans.push({ offset: spans.length === 0 ? idx : idx - next, length: 1 })
    next = idx + 1
  }
  return spans
}

/** The smallest layout containing every bucket of every layout given. */
export function unionSpans(layouts: ReadonlyArray<readonly BucketSpan[]>): BucketSpan[] {
  const all = new Set<number>()
  for (const spans of layouts) for (const idx of bucketIndices(spans)) all.add(idx)
  return spansFromIndices([...all].sort((a, b) => a - b))
}

/** True if both layouts cover the same buckets with the same span structure. */
export function spansEqual(a: readonly BucketSpan[], b: readonly BucketSpan[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as BucketSpan
    const y = b[i] as BucketSpan
    if (x.offset !== y.offset || x.length !== y.length) return false
  }
  return true
}

/**
 * Re-expresses absolute `counts` laid out by `spans` in the wider `target` layout, zero-filling the
 * buckets `spans` lacks. Returns undefined if `spans` has a bucket `target` does not.
 */
export function expandCounts(
  spans: readonly BucketSpan[],
  counts: readonly number[],
  target: readonly BucketSpan[],
): number[] | undefined {
  const from = bucketIndices(spans)
  const to = bucketIndices(target)
  const out = new Array<number>(to.length).fill(0)
  let j = 0
  for (let i = 0; i < from.length; i++) {
    while (j < to.length && (to[j] as number) < (from[i] as number)) j++
    if (j === to.length || to[j] !== from[i]) return undefined
    out[j] = counts[i] ?? 0
  }
  return out
}
