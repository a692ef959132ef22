import type { Matcher } from '@watchfire/model'
import { intersectPostings, mergePostings, withoutPostings } from '../index/postings.js'

/**
 * The head's inverted index: label name -> value -> ascending series refs (MemPostings in
 * Prometheus). Refs are handed out in increasing order, so adding appends; removal happens in
 * batches when the head is truncated.
 */
export class HeadPostings {
  private readonly index = new Map<string, Map<string, number[]>>()
  private all: number[] = []

  /** Registers series `ref` under each of its labels. */
  add(ref: number, flatLabels: readonly string[]): void {
    insertSorted(this.all, ref)
    for (let i = 0; i < flatLabels.length; i += 2) {
      const name = flatLabels[i] as string
      let values = this.index.get(name)
      if (values === undefined) this.index.set(name, (values = new Map()))
      const value = flatLabels[i + 1] as string
      const refs = values.get(value)
      if (refs === undefined) values.set(value, [ref])
      else insertSorted(refs, ref)
    }
  }

  /** Forgets the given series; `labelsOf` lists each one's flat labels. */
  remove(refs: ReadonlySet<number>, labelsOf: (ref: number) => readonly string[]): void {
    if (refs.size === 0) return
    const touched = new Set<number[]>()
    for (const ref of refs) {
      const flat = labelsOf(ref)
      for (let i = 0; i < flat.length; i += 2) {
        const list = this.index.get(flat[i] as string)?.get(flat[i + 1] as string)
        if (list !== undefined) touched.add(list)
      }
    }
    for (const list of touched) {
      let w = 0
      for (const r of list) if (!refs.has(r)) list[w++] = r
      list.length = w
    }
    for (const [name, values] of this.index) {
      for (const [value, list] of values) if (list.length === 0) values.delete(value)
      if (values.size === 0) this.index.delete(name)
    }
    this.all = this.all.filter((r) => !refs.has(r))
  }

  /**
   * Ascending refs of the series matching every matcher (all series for none). Equality and
   * regex alternations of literals (Matcher.setMatches) look values up directly instead of
   * scanning every value of the label. The result may be the index's own list: never mutate it.
   */
  select(matchers: readonly Matcher[]): readonly number[] {
    const positive: (readonly number[])[] = []
    const negative: (readonly number[])[] = []
    for (const m of matchers) {
      if (m.matchesEmpty()) negative.push(this.union(m, false))
      else positive.push(this.union(m, true))
    }
    let result: readonly number[] =
      positive.length === 0
        ? this.all
        : positive.length === 1
          ? (positive[0] as number[])
          : intersectPostings(positive)
    for (const n of negative) if (n.length > 0) result = withoutPostings(result, n)
    return result
  }

  private union(m: Matcher, want: boolean): readonly number[] {
    const values = this.index.get(m.name)
    if (values === undefined) return []
    if (want) {
      if (m.type === '=') return values.get(m.value) ?? []
      const set = m.setMatches()
      if (set !== undefined) {
        const lists: number[][] = []
        for (const v of set) {
          const refs = values.get(v)
          if (refs !== undefined) lists.push(refs)
        }
        return lists.length === 1 ? (lists[0] as number[]) : mergePostings(lists)
      }
    }
    const lists: number[][] = []
    for (const [value, refs] of values) if (m.matches(value) === want) lists.push(refs)
    return lists.length === 1 ? (lists[0] as number[]) : mergePostings(lists)
  }
}

function insertSorted(list: number[], ref: number): void {
  let i = list.length
  while (i > 0 && (list[i - 1] as number) > ref) i--
  if (list[i - 1] === ref) return
  if (i === list.length) list.push(ref)
  else list.splice(i, 0, ref)
}
