import { Labels, Matcher, type MatchType, type NativeHistogram } from '@watchfire/model'
import { beforeEach, describe, expect, it } from 'vitest'
import { ValueType } from '../sample-iterator.js'
import { STALE_NAN } from '../stale.js'
import { readAll, type StoreUnderTest } from './read-all.js'

const ls = (record: Record<string, string>): Labels => Labels.fromRecord(record)
const m = (type: MatchType, name: string, value: string): Matcher => new Matcher(type, name, value)

function histogram(count: number): NativeHistogram {
  return {
    schema: 0,
    zeroThreshold: 0.001,
    zeroCount: 1,
    count,
    sum: count * 2,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [count - 1 - Math.floor((count - 1) / 2), Math.floor((count - 1) / 2)],
    negativeSpans: [],
    negativeBuckets: [],
    counterResetHint: 'not-reset',
  }
}
const SERIES: Record<string, string>[] = [
  { __name__: 'up', job: 'api', instance: 'a' },
  { __name__: 'up', job: 'api', instance: 'b' },
  { __name__: 'up', job: 'web', instance: 'a', env: 'prod' },
  { __name__: 'up', job: 'db' },
  { __name__: 'down', job: 'api', env: '' },
]

/** The IEEE 754 bits of `v` in hex, so NaN payloads compare exactly. */
function bitsOf(v: number): string {
  const dv = new DataView(new ArrayBuffer(8))
  dv.setFloat64(0, v)
  return dv.getBigUint64(0).toString(16)
}

async function seed(store: StoreUnderTest): Promise<void> {
  const app = store.appender()
  for (const [i, r] of SERIES.entries()) app.append(0, ls(r), 1000, i)
  await app.commit()
}
/** The read side of the contract: matchers, ranges, sorting, label metadata and sample kinds. */
export function describeReadContract(open: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest
  beforeEach(async () => {
    store = await open()
  })

  describe('matchers', () => {
    // Indexes into SERIES: 0 up/api/a, 1 up/api/b, 2 up/web/a/prod, 3 up/db, 4 down/api.
    it.each<[string, Matcher[], number[]]>([
      ['equal', [m('=', 'job', 'api')], [0, 1, 4]],
      ['not equal (absent label counts as "")', [m('!=', 'env', 'prod')], [0, 1, 3, 4]],
      ['regex', [m('=~', 'job', 'api|db')], [0, 1, 3, 4]],
      ['regex is anchored', [m('=~', 'job', 'p')], []],
      ['negative regex', [m('!~', 'job', 'a.*')], [2, 3]],
      ['label present (!="")', [m('!=', 'instance', '')], [0, 1, 2]],
      ['label absent (="")', [m('=', 'instance', '')], [3, 4]],
      ['regex matching empty selects absent labels', [m('=~', 'env', 'prod|')], [0, 1, 2, 3, 4]],
      ['regex .+ requires the label', [m('=~', 'env', '.+')], [2]],
      ['regex .* matches absent labels', [m('=', '__name__', 'up'), m('=~', 'nope', '.*')], [0, 1, 2, 3]],
      [
        'several matchers intersect',
        [m('=', '__name__', 'up'), m('=~', 'instance', 'a|b'), m('!=', 'job', 'web')],
        [0, 1],
      ],
      ['unknown label value', [m('=', 'job', 'nope')], []],
      ['negative matcher on unknown label', [m('!=', 'nope', 'x'), m('=', 'job', 'db')], [3]],
      ['case-insensitive regex', [m('=~', 'job', '(?i)API')], [0, 1, 4]],
    ])('%s', async (_title, matchers, want) => {
      await seed(store)
      const got = await readAll(store, 0, 2000, matchers)
      const expected = want.map((i) => ls(SERIES[i] as Record<string, string>)).sort(Labels.compare)
      expect(got.map(([l]) => l)).toEqual(expected.map((l) => l.toString()))
    })

    it('returns series sorted by labels when asked', async () => {
      const app = store.appender()
      for (const v of ['c', 'a', 'b', 'aa']) app.append(0, ls({ __name__: 'x', v }), 1, 1)
      await app.commit()
      const got = await readAll(store, 0, 10, [m('=', '__name__', 'x')], true)
      expect(got.map(([l]) => l)).toEqual(['a', 'aa', 'b', 'c'].map((v) => `{__name__="x", v="${v}"}`))
      const unsorted = await readAll(store, 0, 10, [m('=', '__name__', 'x')], false)
      expect(unsorted.map(([l]) => l).sort()).toEqual(got.map(([l]) => l).sort())
    })
  })

  describe('time ranges', () => {
    it('clips samples to [mint, maxt] inclusive and omits series with none inside', async () => {
      const app = store.appender()
      for (let t = 0; t <= 100; t += 10) app.append(0, ls({ __name__: 'x' }), t, t)
      app.append(0, ls({ __name__: 'early' }), 5, 1)
      await app.commit()
      expect(await readAll(store, 20, 40, [])).toEqual([
        [
          '{__name__="x"}',
          [
            [20, 20],
            [30, 30],
            [40, 40],
          ],
        ],
      ])
      expect(await readAll(store, 101, 200, [])).toEqual([])
    })

    it('seeks forward only, within the range', async () => {
      const app = store.appender()
      for (let t = 0; t <= 100; t += 10) app.append(0, ls({ __name__: 'x' }), t, t)
      await app.commit()
      const q = await store.querier(10, 80)
      const set = q.select(false, undefined, m('=', '__name__', 'x'))
      expect(set.next()).toBe(true)
      const fresh = set.at().iterator()
      expect(fresh.seek(0)).toBe(ValueType.Float)
      expect(fresh.atT()).toBe(10)
      const it = set.at().iterator()
      expect(it.seek(35)).toBe(ValueType.Float)
      expect(it.atT()).toBe(40)
      expect(it.seek(20)).toBe(ValueType.Float)
      expect(it.atT()).toBe(40)
      expect(it.next()).toBe(ValueType.Float)
      expect(it.atF()).toBe(50)
      expect(it.seek(81)).toBe(ValueType.None)
      q.close()
    })
  })

  describe('label names and values', () => {
    it('lists names and values, optionally restricted by matchers', async () => {
      await seed(store)
      const q = await store.querier(0, 2000)
      expect(await q.labelNames()).toEqual(['__name__', 'env', 'instance', 'job'])
      expect(await q.labelNames(m('=', 'job', 'db'))).toEqual(['__name__', 'job'])
      expect(await q.labelValues('job')).toEqual(['api', 'db', 'web'])
      expect(await q.labelValues('instance', m('=', 'job', 'api'))).toEqual(['a', 'b'])
      expect(await q.labelValues('env', m('=', '__name__', 'down'))).toEqual([])
      expect(await q.labelValues('nope')).toEqual([])
      q.close()
    })

    it('only reports series with samples in range', async () => {
      await seed(store)
      const q = await store.querier(5000, 6000)
      expect(await q.labelNames()).toEqual([])
      expect(await q.labelValues('job')).toEqual([])
      q.close()
    })
  })

  describe('sample kinds', () => {
    it('round-trips histograms and mixes them with floats in one series', async () => {
      const labels = ls({ __name__: 'h' })
      const app = store.appender()
      const h1 = histogram(5)
      app.appendHistogram(0, labels, 10, h1)
      h1.count = 999 // the caller may reuse its object after appending
      app.append(0, labels, 20, 7)
      app.appendHistogram(0, labels, 30, histogram(9))
      await app.commit()
      expect(await readAll(store, 0, 100, [])).toEqual([
        [
          '{__name__="h"}',
          [
            [10, histogram(5)],
            [20, 7],
            [30, histogram(9)],
          ],
        ],
      ])
    })

    it('copies with copyFloats, where offered, exactly what next() yields', async () => {
      const labels = ls({ __name__: 'c' })
      const app = store.appender()
      for (let t = 10; t <= 200; t += 10) {
        if (t === 90) app.appendHistogram(0, labels, t, histogram(3))
        else app.append(0, labels, t, t === 50 ? STALE_NAN : t / 10)
      }
      await app.commit()
      const stepped: string[] = []
      const copied: string[] = []
      const q = await store.querier(0, 1000)
      try {
        const a = q.select(true, undefined)
        expect(a.next()).toBe(true)
        const it = a.at().iterator()
        for (let k = it.next(); k !== ValueType.None && it.atT() <= 150; k = it.next()) {
          stepped.push(k === ValueType.Float ? `${it.atT()}:${bitsOf(it.atF())}` : `${it.atT()}:h`)
        }
        const b = q.select(true, undefined)
        expect(b.next()).toBe(true)
        const it2 = b.at().iterator()
        const ts = new Float64Array(3)
        const vs = new Float64Array(3)
        for (let k = it2.next(); k !== ValueType.None && it2.atT() <= 150; k = it2.next()) {
          if (k !== ValueType.Float || it2.copyFloats === undefined) {
            copied.push(k === ValueType.Float ? `${it2.atT()}:${bitsOf(it2.atF())}` : `${it2.atT()}:h`)
            continue
          }
          const n = it2.copyFloats(150, ts, vs, 0)
          expect(n).toBeGreaterThan(0)
          for (let i = 0; i < n; i++) copied.push(`${ts[i]}:${bitsOf(vs[i] as number)}`)
        }
      } finally {
        q.close()
      }
      expect(stepped).toHaveLength(15)
      expect(copied).toEqual(stepped)
    })

    it('reports start timestamps, where kept, as appended or as unknown (0)', async () => {
      const labels = ls({ __name__: 'st' })
      const app = store.appender()
      const appended = [0, 5, 5, 0, 25, 30, 0]
      for (const [i, st] of appended.entries()) {
        const t = (i + 1) * 10
        if (i === 3) app.appendHistogram(0, labels, t, histogram(3), st)
        else app.append(0, labels, t, i, st)
      }
      await app.commit()
      const stepped: number[] = []
      const copied: number[] = []
      const q = await store.querier(0, 1000)
      try {
        const a = q.select(true, undefined)
        expect(a.next()).toBe(true)
        const it = a.at().iterator()
        for (let k = it.next(); k !== ValueType.None; k = it.next()) stepped.push(it.atST?.() ?? 0)
        const b = q.select(true, undefined)
        expect(b.next()).toBe(true)
        const it2 = b.at().iterator()
        const ts = new Float64Array(8)
        const vs = new Float64Array(8)
        const sts = new Float64Array(8).fill(-1)
        for (let k = it2.next(); k !== ValueType.None; k = it2.next()) {
          if (k !== ValueType.Float || it2.copyFloats === undefined || it2.atST === undefined) {
            copied.push(it2.atST?.() ?? 0)
            continue
          }
          const n = it2.copyFloats(1000, ts, vs, 0, sts)
          for (let i = 0; i < n; i++) copied.push(sts[i] as number)
        }
      } finally {
        q.close()
      }
      expect(stepped).toHaveLength(appended.length)
      // A store keeps either every start timestamp or none.
      const kept = stepped.some((st) => st !== 0)
      expect(stepped).toEqual(kept ? appended : appended.map(() => 0))
      expect(copied).toEqual(stepped)
    })

    it('keeps the stale marker bit pattern and plain NaN apart', async () => {
      const app = store.appender()
      app.append(0, ls({ __name__: 'x' }), 1, 1)
      app.append(0, ls({ __name__: 'x' }), 2, STALE_NAN)
      app.append(0, ls({ __name__: 'x' }), 3, NaN)
      await app.commit()
      expect(await readAll(store, 0, 10, [])).toEqual([
        [
          '{__name__="x"}',
          [
            [1, 1],
            [2, 'stale'],
            [3, NaN],
          ],
        ],
      ])
    })
  })
}
