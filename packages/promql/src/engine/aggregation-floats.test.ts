import { Labels } from '@watchfire/model'
import { MemoryStorage, STALE_NAN } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine.js'

// Group x holds a, b and e; group y holds c. Stale markers and late starts leave gaps.
const SERIES: [Record<string, string>, [number, number | 'stale'][]][] = [
  [
    { __name__: 'm', g: 'x', s: 'a' },
    [
      [0, 1],
      [60_000, 1e308],
      [120_000, NaN],
    ],
  ],
  [
    { __name__: 'm', g: 'x', s: 'b' },
    [
      [0, 3],
      [60_000, 1e308],
      [120_000, 'stale'],
    ],
  ],
  [
    { __name__: 'm', g: 'y', s: 'c' },
    [
      [0, 'stale'],
      [60_000, 7],
      [120_000, 2],
    ],
  ],
  [{ __name__: 'm', g: 'x', s: 'e' }, [[120_000, 5]]],
]

async function store(): Promise<MemoryStorage> {
  const s = new MemoryStorage()
  const app = s.appender()
  for (const [labels, points] of SERIES) {
    let ref = 0
    for (const [t, v] of points)
      ref = app.append(ref, Labels.fromRecord(labels), t, v === 'stale' ? STALE_NAN : v)
  }
  await app.commit()
  return s
}

const engine = new Engine()

describe('float aggregations evaluated series by series', () => {
  const data = store()
  it.each([
    ['sum', { '{g="x"}': [4, Infinity, NaN], '{g="y"}': [null, 7, 2] }],
    // The mean switches to incremental averaging once the direct sum overflows.
    ['avg', { '{g="x"}': [2, 1e308, NaN], '{g="y"}': [null, 7, 2] }],
    ['count', { '{g="x"}': [2, 2, 2], '{g="y"}': [null, 1, 1] }],
    ['min', { '{g="x"}': [1, 1e308, 5], '{g="y"}': [null, 7, 2] }],
    ['max', { '{g="x"}': [3, 1e308, 5], '{g="y"}': [null, 7, 2] }],
    ['group', { '{g="x"}': [1, 1, 1], '{g="y"}': [null, 1, 1] }],
  ])('%s by (g) at every step', async (op, want) => {
    const res = await engine.rangeQuery(await data, `${op} by (g) (m)`, 0, 120_000, 60_000)
    if (res.value.type !== 'matrix') throw new Error(`expected matrix, got ${res.value.type}`)
    const got: Record<string, (number | null)[]> = {}
    for (const s of res.value.series) {
      const row: (number | null)[] = [null, null, null]
      for (const p of s.floats) row[p.t / 60_000] = p.f
      got[s.metric.toString()] = row
    }
    expect(got).toEqual(want)
  })
})

describe('aggregations fed straight from a range function', () => {
  async function counters(): Promise<MemoryStorage> {
    const s = new MemoryStorage()
    const app = s.appender()
    for (const [i, g] of ['x', 'x', 'y'].entries()) {
      let ref = 0
      const labels = Labels.fromRecord({ __name__: 'c_total', g, i: String(i) })
      // Series 1 resets halfway and series 2 starts late, so windows differ between series.
      for (let t = i === 2 ? 300_000 : 0; t <= 1_200_000; t += 15_000) {
        const v = i === 1 && t >= 600_000 ? t / 3_000 - 200 : (t / 1_000) * (i + 1)
        ref = app.append(ref, labels, t, v)
      }
    }
    await app.commit()
    return s
  }
  const data = counters()
  it.each(['sum', 'avg', 'count', 'min', 'max', 'group'])(
    '%s by (g) (rate) matches aggregating the evaluated rates',
    async (op) => {
      const run = async (expr: string): Promise<unknown> =>
        (await engine.rangeQuery(await data, expr, 60_000, 1_200_000, 30_000)).value
      const fused = await run(`${op} by (g) (rate(c_total[2m]))`)
      const evaluated = await run(`${op} by (g) (rate(c_total[2m]) * 1)`)
      expect(fused).toEqual(evaluated)
      expect(fused).toMatchObject({ type: 'matrix', series: [{}, {}] })
    },
  )
})
