import { intersectAscending, subtractAscending } from '@watchfire/storage'

/**
 * Set operations on postings: ascending lists of series references. Inputs are never modified.
 */

/** References present in every list (empty for no lists). */
export function intersectPostings(lists: ReadonlyArray<ArrayLike<number>>): number[] {
  if (lists.length === 0) return []
  const sorted = [...lists].sort((a, b) => a.length - b.length)
  let acc: ArrayLike<number> = sorted[0] as ArrayLike<number>
  for (let k = 1; k < sorted.length && acc.length > 0; k++) {
    acc = intersectAscending(acc, sorted[k] as ArrayLike<number>)
  }
  return Array.from(acc)
}

/** References present in any list, deduplicated, ascending. */
export function mergePostings(lists: ReadonlyArray<ArrayLike<number>>): number[] {
  if (lists.length === 0) return []
  if (lists.length === 1) return Array.from(lists[0] as ArrayLike<number>)
  let total = 0
  for (const l of lists) total += l.length
  const all = new Float64Array(total)
  let p = 0
  for (const l of lists) for (let i = 0; i < l.length; i++) all[p++] = l[i] as number
  all.sort()
  const out: number[] = []
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i] as number)
  return out
}

/** References in `a` that are not in `b`. */
export function withoutPostings(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  return subtractAscending(a, b)
}
