import { describe, expect, it } from 'vitest'
import { ANNOTATIONS } from './annotation-texts.js'
import { RANGE_KERNELS } from './range-kernels.js'
import { floatsAt, hist, rangeInput } from './kernel.test-fixtures.js'

function run(name: string, values: number[], params: number[] = []): number | null {
  const kernel = RANGE_KERNELS[name]
  if (kernel === undefined) throw new Error(`no kernel ${name}`)
  const out = kernel(
    rangeInput(0, 1000, { floats: floatsAt(values.map((v, i) => [10 * (i + 1), v] as const)), params }),
  )
  if (out === null) return null
  if (typeof out !== 'number') throw new Error('expected a float')
  return out
}

describe('float *_over_time kernels', () => {
  it.each([
    ['avg_over_time', [1, 2, 3, 4], [], 2.5],
    ['avg_over_time', [1e308, 1e308, -1e308], [], 1e308 / 3],
    ['avg_over_time', [1, NaN], [], NaN],
    ['avg_over_time', [Infinity, 1], [], Infinity],
    ['sum_over_time', [1, 1e100, 1, -1e100], [], 2],
    ['sum_over_time', [Infinity, -Infinity], [], NaN],
    ['count_over_time', [5, 5, NaN], [], 3],
    ['present_over_time', [0], [], 1],
    ['absent_over_time', [0], [], 1],
    ['min_over_time', [3, 1, 2], [], 1],
    ['min_over_time', [NaN, 1, 2], [], 1],
    ['min_over_time', [NaN, NaN], [], NaN],
    ['max_over_time', [3, 1, 5, 2], [], 5],
    ['max_over_time', [1, NaN, 0], [], 1],
    ['first_over_time', [7, 8], [], 7],
    ['last_over_time', [7, 8], [], 8],
    ['ts_of_first_over_time', [7, 8], [], 10],
    ['ts_of_last_over_time', [7, 8], [], 20],
    ['ts_of_max_over_time', [5, 1, 5, 2], [], 30],
    ['ts_of_min_over_time', [1, 1, 5], [], 20],
    ['stdvar_over_time', [1, 2, 3, 4], [], 1.25],
    ['stddev_over_time', [2, 4, 4, 4, 5, 5, 7, 9], [], 2],
    ['stddev_over_time', [5], [], 0],
    ['mad_over_time', [1, 2, 3, 4, 100], [], 1],
    ['mad_over_time', [1, NaN], [], NaN],
    ['quantile_over_time', [1, 2, 3, 4], [0.5], 2.5],
    ['quantile_over_time', [4, 1, 3, 2], [0.75], 3.25],
    ['quantile_over_time', [1, 2], [0], 1],
    ['quantile_over_time', [1, 2], [1], 2],
    ['quantile_over_time', [1, 2], [-1], -Infinity],
    ['quantile_over_time', [1, 2], [2], Infinity],
    ['quantile_over_time', [NaN, 2, 3], [0], NaN],
  ])('%s(%j, %j) = %d', (name, values, params, expected) => {
    const got = run(name, values, params)
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBeCloseTo(expected, 10)
  })

  it.each(Object.keys(RANGE_KERNELS))('%s yields nothing for an empty window', (name) => {
    const params = name === 'double_exponential_smoothing' ? [0.5, 0.5] : [0.5]
    expect(RANGE_KERNELS[name]?.(rangeInput(0, 60, { params }))).toBeNull()
  })

  it('warns about a quantile outside [0, 1]', () => {
    const input = rangeInput(0, 60, { floats: floatsAt([[10, 1]]), params: [NaN] })
    RANGE_KERNELS.quantile_over_time?.(input)
    expect(input.annotations.warnings).toEqual([
      'PromQL warning: quantile value should be between 0 and 1, got NaN',
    ])
  })

  it('ignores histograms in a mixed range with an info', () => {
    const input = rangeInput(0, 60, {
      floats: floatsAt([
        [10, 1],
        [20, 3],
      ]),
      histograms: [{ t: 30_000, h: hist({ count: 1 }) }],
      metricName: 'mix',
    })
    expect(RANGE_KERNELS.max_over_time?.(input)).toEqual(3)
    expect(input.annotations.infos).toEqual([ANNOTATIONS.histogramIgnoredInMixedRange('mix')])
  })

  it('picks the earlier of a float and a histogram for first_over_time', () => {
    const h = hist({ count: 2, sum: 1 })
    const input = rangeInput(0, 60, { floats: floatsAt([[20, 1]]), histograms: [{ t: 10_000, h }] })
    expect(RANGE_KERNELS.first_over_time?.(input)).toEqual(h)
    expect(RANGE_KERNELS.last_over_time?.(input)).toEqual(1)
  })
})

describe('histogram sum and avg over time', () => {
  const a = hist({ count: 2, sum: 3, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2] })
  const b = hist({ count: 4, sum: 5, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [4] })
  const points = [
    { t: 10_000, h: a },
    { t: 20_000, h: b },
  ]

  it('sums bucket by bucket', () => {
    const out = RANGE_KERNELS.sum_over_time?.(rangeInput(0, 60, { histograms: points }))
    expect(out).toMatchObject({
      count: 6,
      sum: 8,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [2, 4],
    })
  })

  it('averages', () => {
    const out = RANGE_KERNELS.avg_over_time?.(rangeInput(0, 60, { histograms: points }))
    expect(out).toMatchObject({ count: 3, sum: 4, positiveBuckets: [1, 2] })
  })

  it('warns about conflicting counter-reset hints', () => {
    const input = rangeInput(0, 60, {
      histograms: [
        { t: 10_000, h: { ...a, counterResetHint: 'reset' } },
        { t: 20_000, h: { ...b, counterResetHint: 'not-reset' } },
      ],
    })
    RANGE_KERNELS.sum_over_time?.(input)
    expect(input.annotations.warnings).toEqual([
      'PromQL warning: conflicting counter resets during histogram aggregation',
    ])
  })

  it('reports reconciled custom buckets', () => {
    const c1 = hist({
      schema: -53,
      customValues: [1, 2],
      count: 1,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [1],
    })
    const c2 = hist({
      schema: -53,
      customValues: [2],
      count: 1,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [1],
    })
    const input = rangeInput(0, 60, {
      histograms: [
        { t: 10_000, h: c1 },
        { t: 20_000, h: c2 },
      ],
    })
    expect(RANGE_KERNELS.sum_over_time?.(input)).toMatchObject({
      customValues: [2],
      positiveBuckets: [2],
      count: 2,
    })
    expect(input.annotations.infos).toEqual([ANNOTATIONS.mismatchedCustomBuckets('aggregation')])
  })

  it('drops a mix of floats and histograms with a warning', () => {
    const input = rangeInput(0, 60, { floats: floatsAt([[5, 1]]), histograms: points, metricName: 'q' })
    expect(RANGE_KERNELS.sum_over_time?.(input)).toBeNull()
    expect(input.annotations.warnings).toEqual([ANNOTATIONS.mixedFloatsHistograms('q')])
  })
})
