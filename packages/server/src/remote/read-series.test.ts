import { Labels, type NativeHistogram } from '@watchfire/model'
import { ValueType, type SampleIterator } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import type { WriteSeries } from '../web/remote-write-decode.js'
import { ReadSeries, ReadSeriesIterator } from './read-series.js'

const h = (count: number): NativeHistogram => ({
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  count,
  sum: count,
  positiveSpans: [],
  positiveBuckets: [],
  negativeSpans: [],
  negativeBuckets: [],
})

const series: WriteSeries = {
  labels: Labels.fromRecord({ __name__: 'x' }),
  timestamps: [10, 30, 50],
  values: [1, 3, 5],
  histograms: [
    { t: 20, h: h(2) },
    { t: 40, h: h(4) },
  ],
}

function drain(it: SampleIterator): string[] {
  const out: string[] = []
  for (let k = it.next(); k !== ValueType.None; k = it.next())
    out.push(k === ValueType.Float ? `${it.atT()}:${it.atF()}` : `${it.atT()}:h${it.atHistogram().count}`)
  return out
}

describe('ReadSeriesIterator', () => {
  it.each([
    [0, 100, ['10:1', '20:h2', '30:3', '40:h4', '50:5']],
    [20, 40, ['20:h2', '30:3', '40:h4']],
    [51, 100, []],
  ])('interleaves floats and histograms within [%i, %i]', (mint, maxt, want) => {
    expect(drain(new ReadSeriesIterator(series, mint, maxt))).toEqual(want)
  })

  it('seeks forward and never back', () => {
    const it = new ReadSeriesIterator(series, 0, 100)
    expect(it.seek(25)).toBe(ValueType.Float)
    expect(it.atT()).toBe(30)
    expect(it.seek(5)).toBe(ValueType.Float)
    expect(it.atT()).toBe(30)
    expect(it.seek(35)).toBe(ValueType.Histogram)
    expect(it.seek(60)).toBe(ValueType.None)
    expect(it.next()).toBe(ValueType.None)
  })

  it('refuses reads when not positioned', () => {
    const it = new ReadSeriesIterator(series, 0, 100)
    expect(() => it.atT()).toThrow(RangeError)
    it.next()
    expect(() => it.atHistogram()).toThrow(RangeError)
  })

  it('gives each ReadSeries iterator a fresh start', () => {
    const s = new ReadSeries(series.labels, series, 0, 100)
    expect(drain(s.iterator())).toHaveLength(5)
    expect(drain(s.iterator())).toHaveLength(5)
  })
})
