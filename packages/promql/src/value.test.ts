import { Labels } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { formatG, formatHistogram, formatValue, type Value } from './value.js'

const m = Labels.fromRecord({ __name__: 'up', job: 'a' })

describe('formatValue', () => {
  it.each<[Value, string]>([
    [{ type: 'scalar', t: 0, v: 2 }, 'scalar: 2 @[0]'],
    [{ type: 'scalar', t: 5, v: 1e21 }, 'scalar: 1000000000000000000000 @[5]'],
    [{ type: 'string', t: 0, v: 'hi' }, 'hi'],
    [
      {
        type: 'vector',
        samples: [
          { metric: m, t: 60000, f: -Infinity },
          { metric: Labels.EMPTY, t: 60000, f: NaN },
        ],
      },
      '{__name__="up", job="a"} => -Inf @[60000]\n{} => NaN @[60000]',
    ],
    [
      {
        type: 'matrix',
        series: [
          {
            metric: m,
            floats: [
              { t: 0, f: 1 },
              { t: 1000, f: 0.5 },
            ],
            histograms: [],
          },
        ],
      },
      '{__name__="up", job="a"} =>\n1 @[0]\n0.5 @[1000]',
    ],
  ])('prints %j', (value, want) => {
    expect(formatValue(value)).toBe(want)
  })

  it('prints histograms like Go FloatHistogram.String', () => {
    const text = formatHistogram({
      schema: 0,
      zeroThreshold: 0.001,
      zeroCount: 1,
      count: 5,
      sum: 1234567,
      positiveSpans: [{ offset: 1, length: 2 }],
      positiveBuckets: [1, 0],
      negativeSpans: [{ offset: 0, length: 2 }],
      negativeBuckets: [2, 1],
    })
    expect(text).toBe('{count:5, sum:1.234567e+06, [-2,-1):1, [-1,-0.5):2, [-0.001,0.001]:1, (1,2]:1}')
  })

  it.each([
    [100000, '100000'],
    [1e6, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
  ])('formats %d as Go %%g: %s', (v, want) => {
    expect(formatG(v)).toBe(want)
  })
})
