import { Labels, Matcher, type MatchType } from '@watchfire/model'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  ERR_APPENDER_CLOSED,
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_ORDER_SAMPLE,
} from '../errors.js'
import { readAll, type StoreUnderTest } from './read-all.js'

const ls = (record: Record<string, string>): Labels => Labels.fromRecord(record)
const m = (type: MatchType, name: string, value: string): Matcher => new Matcher(type, name, value)

/** The write side of the contract: commit/rollback visibility, refs, ordering and duplicates. */
export function describeWriteContract(open: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest
  beforeEach(async () => {
    store = await open()
  })

  describe('append visibility', () => {
    it('shows samples only after commit', async () => {
      const app = store.appender()
      app.append(0, ls({ __name__: 'x' }), 10, 1)
      expect(await readAll(store, 0, 100, [m('=', '__name__', 'x')])).toEqual([])
      await app.commit()
      expect(await readAll(store, 0, 100, [m('=', '__name__', 'x')])).toEqual([['{__name__="x"}', [[10, 1]]]])
    })

    it('discards samples on rollback', async () => {
      const app = store.appender()
      app.append(0, ls({ __name__: 'x' }), 10, 1)
      await app.rollback()
      expect(await readAll(store, 0, 100, [m('=', '__name__', 'x')])).toEqual([])
      const again = store.appender()
      again.append(0, ls({ __name__: 'x' }), 5, 2)
      await again.commit()
      expect(await readAll(store, 0, 100, [m('=', '__name__', 'x')])).toEqual([['{__name__="x"}', [[5, 2]]]])
    })

    it('accepts the returned ref for later appends of the same series', async () => {
      const app = store.appender()
      const labels = ls({ __name__: 'x', a: '1' })
      const ref = app.append(0, labels, 1, 1)
      expect(ref).not.toBe(0)
      expect(app.append(ref, labels, 2, 2)).toBe(ref)
      await app.commit()
      const next = store.appender()
      expect(next.append(ref, labels, 3, 3)).toBe(ref)
      await next.commit()
      expect(await readAll(store, 0, 10, [m('=', 'a', '1')])).toEqual([
        [
          '{__name__="x", a="1"}',
          [
            [1, 1],
            [2, 2],
            [3, 3],
          ],
        ],
      ])
    })

    it('refuses an appender after it ended', async () => {
      const app = store.appender()
      await app.commit()
      expect(() => app.append(0, ls({ __name__: 'x' }), 1, 1)).toThrow(ERR_APPENDER_CLOSED)
    })
  })

  describe('ordering', () => {
    it('rejects out-of-order samples against committed data with the shared sentinel', async () => {
      const labels = ls({ __name__: 'x' })
      const app = store.appender()
      app.append(0, labels, 100, 1)
      await app.commit()
      const late = store.appender()
      let caught: unknown
      try {
        late.append(0, labels, 50, 2)
      } catch (err) {
        caught = err
      }
      expect(caught).toBe(ERR_OUT_OF_ORDER_SAMPLE)
      late.append(0, labels, 150, 3)
      await late.commit()
      expect(await readAll(store, 0, 1000, [m('=', '__name__', 'x')])).toEqual([
        [
          '{__name__="x"}',
          [
            [100, 1],
            [150, 3],
          ],
        ],
      ])
    })

    it('rejects out-of-order samples within one batch', async () => {
      const labels = ls({ __name__: 'x' })
      const app = store.appender()
      app.append(0, labels, 100, 1)
      expect(() => app.append(0, labels, 99, 2)).toThrow(ERR_OUT_OF_ORDER_SAMPLE)
      await app.commit()
      expect(await readAll(store, 0, 1000, [])).toEqual([['{__name__="x"}', [[100, 1]]]])
    })

    it('ignores an exact duplicate and rejects a different value at the same timestamp', async () => {
      const labels = ls({ __name__: 'x' })
      const app = store.appender()
      app.append(0, labels, 100, 1)
      await app.commit()
      const again = store.appender()
      again.append(0, labels, 100, 1)
      expect(() => again.append(0, labels, 100, 2)).toThrow(ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP)
      await again.commit()
      expect(await readAll(store, 0, 1000, [])).toEqual([['{__name__="x"}', [[100, 1]]]])
    })

    it('keeps series independent', async () => {
      const app = store.appender()
      app.append(0, ls({ __name__: 'x' }), 100, 1)
      app.append(0, ls({ __name__: 'y' }), 50, 1)
      await app.commit()
      expect((await readAll(store, 0, 1000, [])).length).toBe(2)
    })
  })
}
