import { describe, expect, it } from 'vitest'
import { KernelArgumentError } from './kernel-error.js'
import { RANGE_KERNELS } from './range-kernels.js'
import { floatsAt, hist, rangeInput } from './kernel.test-fixtures.js'
import { linearRegression } from './trend-kernels.js'

describe('linear regression', () => {
  it.each([
    [
      [
        [0, 0],
        [60, 60],
      ],
      1,
      0,
    ],
    [
      [
        [0, 5],
        [10, 5],
        [20, 5],
      ],
      0,
      5,
    ],
    [
      [
        [0, 1],
        [10, 3],
        [20, 5],
      ],
      0.2,
      1,
    ],
  ] as const)('%j has slope %d and intercept %d', (points, slope, intercept) => {
    const r = linearRegression(rangeInput(0, 20, { floats: floatsAt(points) }), 0)
    expect(r.slope).toBeCloseTo(slope, 12)
    expect(r.intercept).toBeCloseTo(intercept, 12)
  })

  it('is undefined for a constant infinite series', () => {
    expect(
      linearRegression(
        rangeInput(0, 10, {
          floats: floatsAt([
            [0, Infinity],
            [10, Infinity],
          ]),
        }),
        0,
      ).slope,
    ).toBeNaN()
  })
})

describe('deriv and predict_linear', () => {
  it('gives the per-second slope', () => {
    expect(
      RANGE_KERNELS.deriv?.(
        rangeInput(0, 120, {
          floats: floatsAt([
            [60, 0],
            [120, 30],
          ]),
        }),
      ),
    ).toEqual(0.5)
  })

  it('predicts from the evaluation time', () => {
    const floats = floatsAt([
      [60, 0],
      [120, 30],
    ])
    // At t=120 the line is at 30; 60s later at 60.
    expect(RANGE_KERNELS.predict_linear?.(rangeInput(0, 120, { floats, params: [60] }))).toEqual(60)
    const shifted = { ...rangeInput(0, 120, { floats, params: [0] }), evalTimeMs: 180_000 }
    expect(RANGE_KERNELS.predict_linear?.(shifted)).toEqual(60)
  })

  it('needs two floats, and notes ignored histograms', () => {
    const input = rangeInput(0, 120, {
      floats: floatsAt([[60, 0]]),
      histograms: [{ t: 90_000, h: hist({}) }],
      metricName: 'z',
    })
    expect(RANGE_KERNELS.deriv?.(input)).toBeNull()
    expect(input.annotations.infos).toEqual([
      'PromQL info: ignored histograms in a range containing both floats and histograms for metric name "z"',
    ])
  })
})

describe('double_exponential_smoothing', () => {
  it('smooths with level and trend factors', () => {
    // s1=0, b=10; i=1: 0.5*10 + 0.5*(0+10) = 10; i=2: b = 0.5*(10-0) + 0.5*10 = 10, s = 0.5*20 + 0.5*(10+10) = 20.
    const out = RANGE_KERNELS.double_exponential_smoothing?.(
      rangeInput(0, 60, {
        floats: floatsAt([
          [10, 0],
          [20, 10],
          [30, 20],
        ]),
        params: [0.5, 0.5],
      }),
    )
    expect(out).toEqual(20)
  })

  it.each([
    [[1, 0.5], 'invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000'],
    [[0.5, 0], 'invalid trend factor. Expected: 0 < tf < 1, got: 0.000000'],
    [[NaN, 0.5], 'invalid smoothing factor. Expected: 0 < sf < 1, got: NaN'],
  ])('rejects factors %j', (params, message) => {
    const input = rangeInput(0, 60, {
      floats: floatsAt([
        [10, 0],
        [20, 1],
      ]),
      params,
    })
    expect(() => RANGE_KERNELS.double_exponential_smoothing?.(input)).toThrow(
      new KernelArgumentError(message),
    )
  })
})

describe('changes and resets', () => {
  const h1 = hist({ count: 1, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1] })
  const h2 = hist({ count: 2, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2] })

  it.each([
    ['changes', [1, 1, 2, NaN, NaN, 3], 3],
    ['changes', [5], 0],
    ['resets', [5, 3, 4, 1], 2],
    ['resets', [1, 2, 3], 0],
    ['resets', [1, NaN, 0], 0],
  ])('%s(%j) = %d', (name, values, expected) => {
    const floats = floatsAt(values.map((v, i) => [10 * (i + 1), v] as const))
    expect(RANGE_KERNELS[name]?.(rangeInput(0, 100, { floats }))).toEqual(expected)
  })

  it('counts a switch between float and histogram as both a change and a reset', () => {
    const input = rangeInput(0, 100, {
      floats: floatsAt([
        [10, 1],
        [40, 1],
      ]),
      histograms: [
        { t: 20_000, h: h2 },
        { t: 30_000, h: h1 },
      ],
    })
    expect(RANGE_KERNELS.changes?.(input)).toEqual(3)
    expect(RANGE_KERNELS.resets?.(input)).toEqual(3)
  })
})
