import { Labels, Matcher } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { describeStorageConformance, readAll } from '../conformance.js'
import { MemoryStorage } from '../memory/memory-storage.js'
import type { Querier, Queryable } from '../querier.js'
import { ErrorSeriesSet } from '../series-set.js'
import { mergeQueryables } from './merge-querier.js'

async function store(series: [Record<string, string>, [number, number][]][]): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  for (const [labels, samples] of series)
    for (const [t, v] of samples) app.append(0, Labels.fromRecord(labels), t, v)
  await app.commit()
  return s
}

// A fanout whose writes go to a MemoryStorage and whose reads merge it with an empty store still
// has to honour the whole contract.
describeStorageConformance('merge of MemoryStorage and an empty store', () => {
  const primary = new MemoryStorage()
  const merged = mergeQueryables([primary, new MemoryStorage()])
  return { appender: () => primary.appender(), querier: (mint, maxt) => merged.querier(mint, maxt) }
})

describe('mergeQueryables', () => {
  it('merges equal series by timestamp, the first store winning ties, and keeps the output sorted', async () => {
    const a = await store([
      [
        { __name__: 'x', i: '1' },
        [
          [1, 1],
          [3, 3],
        ],
      ],
      [{ __name__: 'x', i: '3' }, [[1, 30]]],
    ])
    const b = await store([
      [
        { __name__: 'x', i: '1' },
        [
          [2, 20],
          [3, 99],
          [4, 40],
        ],
      ],
      [{ __name__: 'x', i: '2' }, [[1, 200]]],
    ])
    const got = await readAll(mergeQueryables([a, b]), 0, 10, [new Matcher('=', '__name__', 'x')], false)
    expect(got).toEqual([
      [
        '{__name__="x", i="1"}',
        [
          [1, 1],
          [2, 20],
          [3, 3],
          [4, 40],
        ],
      ],
      ['{__name__="x", i="2"}', [[1, 200]]],
      ['{__name__="x", i="3"}', [[1, 30]]],
    ])
  })

  it('seeks across the merged iterators', async () => {
    const a = await store([
      [
        { __name__: 'x' },
        [
          [1, 1],
          [5, 5],
        ],
      ],
    ])
    const b = await store([
      [
        { __name__: 'x' },
        [
          [3, 3],
          [7, 7],
        ],
      ],
    ])
    const q = await mergeQueryables([a, b]).querier(0, 10)
    const set = q.select(true, undefined)
    expect(set.next()).toBe(true)
    const it = set.at().iterator()
    it.seek(4)
    expect(it.atT()).toBe(5)
    it.next()
    expect(it.atT()).toBe(7)
    expect(it.next()).toBe(0)
    q.close()
  })

  it('unions label names and values', async () => {
    const a = await store([[{ __name__: 'x', a: '1' }, [[1, 1]]]])
    const b = await store([[{ __name__: 'y', b: '2', a: '0' }, [[1, 1]]]])
    const q = await mergeQueryables([a, b]).querier(0, 10)
    expect(await q.labelNames()).toEqual(['__name__', 'a', 'b'])
    expect(await q.labelValues('a')).toEqual(['0', '1'])
    q.close()
  })

  it('fails the select when any store fails', async () => {
    const broken: Queryable = {
      async querier(): Promise<Querier> {
        return {
          select: () => new ErrorSeriesSet(new Error('disk on fire')),
          labelNames: async () => [],
          labelValues: async () => [],
          close: () => {},
        }
      },
    }
    const q = await mergeQueryables([await store([[{ __name__: 'x' }, [[1, 1]]]]), broken]).querier(0, 10)
    const set = q.select(true, undefined)
    expect(set.next()).toBe(false)
    expect(set.err()?.message).toBe('disk on fire')
  })
})
