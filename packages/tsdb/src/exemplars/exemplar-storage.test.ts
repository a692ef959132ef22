import { Labels, Matcher } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { ExemplarStorage } from './exemplar-storage.js'

const series = (job: string): Labels => Labels.fromRecord({ __name__: 'requests_total', job })
const ex = (id: string, value: number, timestampMs: number) => ({
  labels: { trace_id: id },
  value,
  timestampMs,
})
const all = [[new Matcher('=~', 'job', '.*')]]

describe('ExemplarStorage', () => {
  it.each([
    ['a newer exemplar', ex('b', 2, 20), undefined, 2],
    ['the same exemplar again', ex('a', 1, 10), 'duplicate', 1],
    ['an older exemplar', ex('b', 2, 5), 'out-of-order', 1],
    ['another exemplar at the same time', ex('b', 2, 10), 'out-of-order', 1],
    [
      'labels over 128 characters',
      { labels: { trace_id: 'x'.repeat(130) }, value: 1, timestampMs: 20 },
      'too-long',
      1,
    ],
  ] as const)('after one exemplar, %s gives %s', (_name, next, verdict, stored) => {
    const s = new ExemplarStorage(10)
    expect(s.add(series('a'), ex('a', 1, 10))).toBeUndefined()
    expect(s.add(series('a'), next)).toBe(verdict)
    expect(s.stats().exemplarsInStorage).toBe(stored)
    expect(s.stats().outOfOrderExemplars).toBe(verdict === 'out-of-order' ? 1 : 0)
  })

  it('overwrites the oldest exemplar of any series when full', () => {
    const s = new ExemplarStorage(3)
    s.add(series('a'), ex('a1', 1, 1))
    s.add(series('b'), ex('b1', 2, 2))
    s.add(series('a'), ex('a2', 3, 3))
    s.add(series('b'), ex('b2', 4, 4))
    s.add(series('c'), ex('c1', 5, 5))
    const got = s
      .select(0, 100, all)
      .map((r) => [r.seriesLabels.get('job'), r.exemplars.map((e) => e.labels.trace_id)])
    expect(got).toEqual([
      ['a', ['a2']],
      ['b', ['b2']],
      ['c', ['c1']],
    ])
    expect(s.stats()).toMatchObject({
      exemplarsAppended: 5,
      exemplarsInStorage: 3,
      seriesWithExemplarsInStorage: 3,
      maxExemplars: 3,
      lastExemplarsTimestampSeconds: 0.003,
    })
  })

  it.each([
    [
      'the whole range',
      0,
      100,
      [
        ['a', [1, 2, 3]],
        ['b', [4]],
      ],
    ],
    ['a window', 2, 3, [['a', [2, 3]]]],
    ['a range before everything', -10, 0, []],
  ] as const)('selects %s, sorted by series labels', (_name, start, end, want) => {
    const s = new ExemplarStorage(10)
    s.add(series('b'), ex('x', 4, 4))
    for (const t of [1, 2, 3]) s.add(series('a'), ex(`a${t}`, t, t))
    const got = s
      .select(start, end, all)
      .map((r) => [r.seriesLabels.get('job'), r.exemplars.map((e) => e.value)])
    expect(got).toEqual(want)
  })

  it('selects only series matching one of the matcher sets', () => {
    const s = new ExemplarStorage(10)
    s.add(series('a'), ex('a', 1, 1))
    s.add(series('b'), ex('b', 2, 2))
    s.add(series('c'), ex('c', 3, 3))
    const sets = [[new Matcher('=', 'job', 'a')], [new Matcher('=', 'job', 'c')]]
    expect(s.select(0, 10, sets).map((r) => r.seriesLabels.get('job'))).toEqual(['a', 'c'])
  })

  it('keeps the newest exemplars when shrunk and stores none at 0', () => {
    const s = new ExemplarStorage(5)
    for (let t = 1; t <= 5; t++) s.add(series('a'), ex(`a${t}`, t, t))
    s.resize(2)
    expect(s.select(0, 10, all)[0]?.exemplars.map((e) => e.value)).toEqual([4, 5])
    s.add(series('a'), ex('a6', 6, 6))
    expect(s.select(0, 10, all)[0]?.exemplars.map((e) => e.value)).toEqual([5, 6])
    s.resize(0)
    expect(s.add(series('a'), ex('a7', 7, 7))).toBe('disabled')
    expect(s.select(0, 10, all)).toEqual([])
    expect(s.stats().exemplarsAppended).toBe(6)
  })
})
