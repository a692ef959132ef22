import type { Matcher, NativeHistogram } from '@watchfire/model'
import { expect } from 'vitest'
import type { Appendable } from '../appender.js'
import type { Queryable } from '../querier.js'
import { ValueType } from '../sample-iterator.js'
import { isStaleNaN } from '../stale.js'

/** A store under test; `close` releases whatever the factory acquired (directories, handles). */
export type StoreUnderTest = Appendable & Queryable & { close?(): Promise<void> }

/** A sample as plain data: timestamp and value, histogram, or the word `stale`. */
export type Point = [number, number | NativeHistogram | 'stale']

/** Reads every matching series in [mint, maxt] into plain data: `[labels, points][]`, in set order. */
export async function readAll(
  store: Queryable,
  mint: number,
  maxt: number,
  matchers: Matcher[],
  sorted = true,
): Promise<[string, Point[]][]> {
  const q = await store.querier(mint, maxt)
  try {
    const set = q.select(sorted, undefined, ...matchers)
    const out: [string, Point[]][] = []
    while (set.next()) {
      const s = set.at()
      const it = s.iterator()
      const points: Point[] = []
      for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
        if (kind === ValueType.Histogram) points.push([it.atT(), structuredClone(it.atHistogram())])
        else points.push([it.atT(), isStaleNaN(it.atF()) ? 'stale' : it.atF()])
      }
      expect(it.err()).toBeUndefined()
      out.push([s.labels.toString(), points])
    }
    expect(set.err()).toBeUndefined()
    return out
  } finally {
    q.close()
  }
}
