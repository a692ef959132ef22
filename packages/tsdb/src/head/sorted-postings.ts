import { Labels } from '@watchfire/model'
import type { Head } from './head.js'
import type { HeadSeries } from './head-series.js'

interface SortedEntry {
  length: number
  last: number
  refs: readonly number[]
}

// Keyed by the postings list itself: the head's index lists live as long as their label value, so
// the sort by labels of a list that has not changed is done once, not on every sorted select
// (rule evaluation selects the same metric name many times per interval). Lists built per call
// (intersections, unions) simply miss.
const cache = new WeakMap<readonly number[], SortedEntry>()

/**
 * `refs` (ascending, from the head's postings) ordered by their series' labels; refs without a
 * series are left out. A list is only ever changed by appending larger refs or by removing refs,
 * so its length and last ref tell whether a cached order still holds.
 */
export function sortedByLabels(head: Head, refs: readonly number[]): readonly number[] {
  const last = refs.length === 0 ? -1 : (refs[refs.length - 1] as number)
  const hit = cache.get(refs)
  if (hit !== undefined && hit.length === refs.length && hit.last === last) return hit.refs
  const series: HeadSeries[] = []
  for (const ref of refs) {
    const s = head.series(ref)
    if (s !== undefined) series.push(s)
  }
  series.sort((a, b) => Labels.compare(a.labels, b.labels))
  const sorted = series.map((s) => s.ref)
  cache.set(refs, { length: refs.length, last, refs: sorted })
  return sorted
}
