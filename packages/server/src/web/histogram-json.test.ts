import { emptyHistogram, type NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { histogramJson } from './histogram-json.js'

const base: NativeHistogram = { ...emptyHistogram(), zeroThreshold: 0.001 }

describe('histogramJson', () => {
  it.each<[string, Partial<NativeHistogram>, string]>([
    ['no buckets', { count: 0, sum: 0 }, '{"count":"0","sum":"0"}'],
    [
      'positive, zero and negative buckets in ascending order, empty ones left out',
      {
        count: 5,
        sum: 1.5,
        zeroCount: 1,
        positiveSpans: [{ offset: 1, length: 2 }],
        positiveBuckets: [2, 0],
        negativeSpans: [{ offset: 0, length: 2 }],
        negativeBuckets: [1, 1],
      },
      '{"count":"5","sum":"1.5","buckets":[[1,"-2","-1","1"],[1,"-1","-0.5","1"],[3,"-0.001","0.001","1"],[0,"1","2","2"]]}',
    ],
    [
      'schema 1 bounds',
      { schema: 1, count: 1, sum: 1, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [1] },
      '{"count":"1","sum":"1","buckets":[[0,"1","1.4142135623730951","1"]]}',
    ],
    [
      'custom buckets from -Inf',
      {
        schema: -53,
        count: 3,
        sum: 2,
        customValues: [1, 5],
        positiveSpans: [{ offset: 0, length: 3 }],
        positiveBuckets: [1, 1, 1],
      },
      '{"count":"3","sum":"2","buckets":[[0,"-Inf","1","1"],[0,"1","5","1"],[0,"5","+Inf","1"]]}',
    ],
  ])('%s', (_name, h, want) => {
    const json = histogramJson({ ...base, ...h })
    expect(json).toBe(want)
    expect(() => JSON.parse(json) as unknown).not.toThrow()
  })
})
