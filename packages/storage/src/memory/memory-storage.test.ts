import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { describeStorageConformance } from '../conformance.js'
import { ERR_OUT_OF_BOUNDS, ERR_OUT_OF_ORDER_SAMPLE } from '../errors.js'
import { MemoryStorage } from './memory-storage.js'

describeStorageConformance('MemoryStorage', () => new MemoryStorage())

describe('MemoryStorage', () => {
  it('counts rejected samples by reason', async () => {
    const store = new MemoryStorage({ minValidTimeMs: 100 })
    const labels = Labels.fromRecord({ __name__: 'x' })
    const app = store.appender()
    app.append(0, labels, 200, 1)
    expect(() => app.append(0, labels, 150, 1)).toThrow(ERR_OUT_OF_ORDER_SAMPLE)
    expect(() => app.append(0, labels, 50, 1)).toThrow(ERR_OUT_OF_BOUNDS)
    expect(() => app.append(0, labels, 250.5, 1)).toThrow(ERR_OUT_OF_BOUNDS)
    await app.commit()
    expect(store.stats()).toEqual({
      series: 1,
      samples: 1,
      outOfOrderSamples: 1,
      duplicateSamples: 0,
      outOfBoundsSamples: 2,
    })
  })

  it('drops at commit what another appender made out of order meanwhile', async () => {
    const store = new MemoryStorage()
    const labels = Labels.fromRecord({ __name__: 'x' })
    const slow = store.appender()
    slow.append(0, labels, 10, 1)
    const fast = store.appender()
    fast.append(0, labels, 20, 2)
    await fast.commit()
    await slow.commit()
    expect(store.stats()).toMatchObject({ samples: 1, outOfOrderSamples: 1 })
  })

  it('keeps start timestamps, growing their column with the others', async () => {
    const store = new MemoryStorage()
    const labels = Labels.fromRecord({ __name__: 'x' })
    const app = store.appender()
    for (let t = 0; t < 20; t++) app.append(0, labels, t, t, t < 5 ? 0 : t - 1)
    expect(() => app.append(0, labels, 30, 1, 0.5)).toThrow('start timestamp 0.5 is not an integer')
    await app.commit()
    const q = await store.querier(0, 100)
    const set = q.select(false, undefined)
    expect(set.next()).toBe(true)
    const iter = set.at().iterator()
    const got: number[] = []
    while (iter.next()) got.push(iter.atST?.() ?? -1)
    expect(got).toEqual([0, 0, 0, 0, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])
  })

  it('grows columns past their initial capacity', async () => {
    const store = new MemoryStorage()
    const app = store.appender()
    for (let t = 0; t < 1000; t++) app.append(0, Labels.fromRecord({ __name__: 'x' }), t, t * 2)
    await app.commit()
    const q = await store.querier(990, 2000)
    const set = q.select(false, undefined)
    expect(set.next()).toBe(true)
    const it = set.at().iterator()
    const got: number[] = []
    while (it.next()) got.push(it.atF())
    expect(got).toEqual([1980, 1982, 1984, 1986, 1988, 1990, 1992, 1994, 1996, 1998])
  })
})
