import type { Matcher } from '@watchfire/model'
import { intersectAscending, subtractAscending } from '../ascending-sets.js'

/**
 * The inverted index: label name -> label value -> ascending series ids. Ids only grow, so
 * appending keeps every list sorted and set operations are linear merges.
 */
export class Postings {
  private readonly index = new Map<string, Map<string, number[]>>()
  private readonly all: number[] = []

  /** Registers a new series id (larger than every previous one) under each of its labels. */
  add(id: number, flatLabels: readonly string[]): void {
    this.all.push(id)
    for (let i = 0; i < flatLabels.length; i += 2) {
      const name = flatLabels[i] as string
      const value = flatLabels[i + 1] as string
      let values = this.index.get(name)
      if (values === undefined) this.index.set(name, (values = new Map()))
      const ids = values.get(value)
      if (ids === undefined) values.set(value, [id])
      else ids.push(id)
    }
  }

  /** Every label name in the index. */
  names(): IterableIterator<string> {
    return this.index.keys()
  }

  /**
   * Ascending ids of the series matching every matcher; every series when there are none. The
   * result may be the index's own list: read it, never mutate it.
   */
  select(matchers: readonly Matcher[]): readonly number[] {
    let result: readonly number[] | undefined
    const exclusions: (readonly number[])[] = []
    for (const m of matchers) {
      if (m.matchesEmpty()) {
        // Series without the label match too, so subtract the values that fail instead.
        exclusions.push(this.union(m, false))
      } else {
        const ids = this.union(m, true)
        result = result === undefined ? ids : intersectAscending(result, ids)
      }
      if (result !== undefined && result.length === 0) return result
    }
    result ??= this.all
    for (const ex of exclusions) result = subtractAscending(result, ex)
    return result
  }

  /** Ids of series whose value of `m.name` does (want=true) or does not satisfy `m`. */
  private union(m: Matcher, want: boolean): readonly number[] {
    const values = this.index.get(m.name)
    if (values === undefined) return []
    if (want) {
      if (m.type === '=') return values.get(m.value) ?? []
      const set = m.setMatches()
      if (set !== undefined) {
        const lists: (readonly number[])[] = []
        for (const v of set) {
          const ids = values.get(v)
          if (ids !== undefined) lists.push(ids)
        }
        return merge(lists)
      }
    }
    const lists: (readonly number[])[] = []
    for (const [value, ids] of values) if (m.matches(value) === want) lists.push(ids)
    return merge(lists)
  }
}

function merge(lists: readonly (readonly number[])[]): readonly number[] {
  if (lists.length === 0) return []
  if (lists.length === 1) return lists[0] as readonly number[]
  const out: number[] = []
  for (const l of lists) for (const id of l) out.push(id)
  return out.sort((a, b) => a - b)
}
