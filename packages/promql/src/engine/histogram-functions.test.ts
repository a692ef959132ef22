import { Labels } from '@watchfire/model'
import { MemoryStorage } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { Engine } from './engine.js'
import { openMetricsFloat } from './histogram-functions.js'

describe('openMetricsFloat', () => {
  it.each([
    [0, '0.0'],
    [1, '1.0'],
    [0.25, '0.25'],
    [-0.1, '-0.1'],
    [1e-7, '1e-07'],
    [1234567, '1.234567e+06'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
  ])('%d is %s', (q, text) => {
    expect(openMetricsFloat(q)).toBe(text)
  })
})

describe('histogram_quantiles', () => {
  it('yields one labelled quantile per φ from classic buckets', async () => {
    const s = new MemoryStorage()
    const app = s.appender()
    for (const [le, v] of [
      ['1', 5],
      ['2', 10],
      ['+Inf', 10],
    ] as const) {
      app.append(0, Labels.fromRecord({ __name__: 'h_bucket', le }), 0, v)
    }
    await app.commit()
    const r = await new Engine().instantQuery(s, 'histogram_quantiles(h_bucket, "q", 0.5, 0.75)', 0)
    if (r.value.type !== 'vector') throw new Error('expected a vector')
    expect(r.value.samples.map((x) => [x.metric.toString(), x.f])).toEqual([
      ['{q="0.5"}', 1],
      ['{q="0.75"}', 1.5],
    ])
  })
})
