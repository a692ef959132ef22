import { Labels, type NativeHistogram } from '@watchfire/model'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { parseExpr } from '../parser/parser.js'
import { Engine } from './engine.js'
import { selectorRanges } from './populate.js'

const times = { startMs: 0, endMs: 0, stepMs: 0 }

describe('selectorRanges', () => {
  it.each([
    ['histogram_count(m)', true],
    ['histogram_sum(sum(rate(m[5m])))', true],
    ['m', false],
    ['histogram_count(last_over_time(m[5m:1m]))', false],
    ['histogram_count(histogram_quantile(0.5, m))', false],
    ['histogram_count(m </ 3)', false],
  ])('%s reads only histogram statistics: %s', (query, statsOnly) => {
    const [range] = selectorRanges(parseExpr(query), times, 300_000)
    expect(range?.statsOnly).toBe(statsOnly)
  })

  it('reads info series over the lookback window before the first selector’s @ time', () => {
    const ranges = selectorRanges(parseExpr('info(m @ 100)'), times, 300_000)
    expect(ranges.map((r) => [r.mint, r.maxt])).toEqual([
      [100_000 - 300_000, 100_000],
      [100_000 - 300_000 + 1, 100_000],
    ])
  })
})

describe('histogram statistics reads', () => {
  const h = (count: number): NativeHistogram => ({
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count,
    sum: count,
    positiveSpans: [{ offset: 0, length: 1 }],
    positiveBuckets: [count],
    negativeSpans: [],
    negativeBuckets: [],
  })

  it('detects the resets that unknown hints hide, so aggregations see conflicts', async () => {
    const s = new MemoryStorage()
    const app = s.appender()
    // One series resets at its last sample, the other's last sample continues.
    for (const [job, counts] of [
      ['a', [3, 1]],
      ['b', [1, 2]],
    ] as const) {
      let ref = 0
      counts.forEach((c, i) => {
        ref = app.appendHistogram(ref, Labels.fromRecord({ __name__: 'm', job }), i * 60_000, h(c))
      })
    }
    await app.commit()
    const engine = new Engine({ annotationPositions: false })
    const stats = await engine.instantQuery(s, 'histogram_count(sum(m))', 60_000)
    expect(stats.warnings).toEqual([
      'PromQL warning: conflicting counter resets during histogram aggregation',
    ])
    const full = await engine.instantQuery(s, 'sum(m)', 60_000)
    expect(full.warnings).toEqual([])
  })
})
