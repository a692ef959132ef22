import { describe, expect, it } from 'vitest'
import { ANNOTATIONS } from './annotation-texts.js'
import { RANGE_KERNELS } from './range-kernels.js'
import { floatsAt, hist, rangeInput } from './kernel.test-fixtures.js'

function kernel(name: string): NonNullable<(typeof RANGE_KERNELS)[string]> {
  const k = RANGE_KERNELS[name]
  if (k === undefined) throw new Error(`no kernel ${name}`)
  return k
}

describe('extrapolated rate, increase and delta', () => {
  it.each([
    // 10,20,..,50 every minute in (0, 300]: extrapolated a full interval back to the window start.
    [
      'increase',
      0,
      300,
      [
        [60, 10],
        [120, 20],
        [180, 30],
        [240, 40],
        [300, 50],
      ],
      50,
    ],
    [
      'rate',
      0,
      300,
      [
        [60, 10],
        [120, 20],
        [180, 30],
        [240, 40],
        [300, 50],
      ],
      50 / 300,
    ],
    [
      'delta',
      0,
      300,
      [
        [60, 10],
        [120, 20],
        [180, 30],
        [240, 40],
        [300, 50],
      ],
      50,
    ],
    // Counter reset after 20: the increase is 5 + 20 + 10 = 35 - 10 = 25, extrapolated by 60s over 180s.
    [
      'increase',
      0,
      240,
      [
        [60, 10],
        [120, 20],
        [180, 5],
        [240, 15],
      ],
      (25 * 4) / 3,
    ],
    // Without the counter semantics a drop is just a drop.
    [
      'delta',
      0,
      240,
      [
        [60, 10],
        [120, 20],
        [180, 5],
        [240, 15],
      ],
      (5 * 4) / 3,
    ],
    // The counter would reach zero 6s before the first sample: extrapolate only that far.
    [
      'increase',
      0,
      120,
      [
        [60, 1],
        [120, 11],
      ],
      11,
    ],
    [
      'delta',
      0,
      120,
      [
        [60, 1],
        [120, 11],
      ],
      20,
    ],
    // Samples far from both edges: extrapolate half an interval each way (a counter stops at zero).
    [
      'increase',
      0,
      600,
      [
        [300, 0],
        [360, 6],
      ],
      9,
    ],
    [
      'delta',
      0,
      600,
      [
        [300, 0],
        [360, 6],
      ],
      12,
    ],
    [
      'rate',
      0,
      600,
      [
        [300, 0],
        [360, 6],
      ],
      9 / 600,
    ],
    // A negative first value is not clamped.
    [
      'increase',
      0,
      120,
      [
        [60, -10],
        [120, 0],
      ],
      20,
    ],
  ] as const)('%s over (%ds, %ds] of %j is %d', (name, start, end, points, expected) => {
    const out = kernel(name)(rangeInput(start, end, { floats: floatsAt(points) }))
    expect(out).not.toBeNull()
    expect(out).toBeCloseTo(expected, 12)
  })

  it.each(['rate', 'increase', 'delta', 'irate', 'idelta'])('%s needs two samples', (name) => {
    expect(kernel(name)(rangeInput(0, 60, { floats: floatsAt([[30, 1]]) }))).toBeNull()
    expect(kernel(name)(rangeInput(0, 60, {}))).toBeNull()
  })

  it('propagates NaN', () => {
    const out = kernel('rate')(
      rangeInput(0, 120, {
        floats: floatsAt([
          [60, NaN],
          [120, 1],
        ]),
      }),
    )
    expect(out).toBeNaN()
  })

  it('drops windows mixing floats and histograms with a warning', () => {
    const input = rangeInput(0, 120, {
      floats: floatsAt([[60, 1]]),
      histograms: [{ t: 120_000, h: hist({ count: 1 }) }],
      metricName: 'foo',
    })
    expect(kernel('rate')(input)).toBeNull()
    expect(input.annotations.warnings).toEqual([ANNOTATIONS.mixedFloatsHistograms('foo')])
    expect(input.annotations.warnings[0]).toBe(
      'PromQL warning: encountered a mix of histograms and floats for metric name "foo"',
    )
  })
})

describe('histogram rate', () => {
  const h1 = hist({ count: 2, sum: 2, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [2] })
  const h2 = hist({ count: 4, sum: 6, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [4] })

  it('extrapolates the bucket-wise increase and marks it a gauge', () => {
    const input = rangeInput(0, 120, {
      histograms: [
        { t: 60_000, h: h1 },
        { t: 120_000, h: h2 },
      ],
    })
    const out = kernel('increase')(input) as typeof h1
    expect(out).toMatchObject({ count: 4, sum: 8, positiveBuckets: [4], counterResetHint: 'gauge' })
    expect(input.annotations.warnings).toEqual([])
  })

  it('adds back the value before a counter reset', () => {
    const input = rangeInput(0, 180, {
      histograms: [
        { t: 60_000, h: h2 },
        { t: 120_000, h: h1 },
        { t: 180_000, h: h2 },
      ],
    })
    // The reset right after the first sample makes it irrelevant: the increase is h2 - nothing = 4
    // over 120s, extrapolated by 60s towards the window start.
    const out = kernel('increase')(input) as typeof h1
    expect(out.count).toBeCloseTo(4 * 1.5, 12)
  })

  it('warns when a gauge histogram is rated', () => {
    const g = { ...h1, counterResetHint: 'gauge' as const }
    const input = rangeInput(0, 120, {
      histograms: [
        { t: 60_000, h: g },
        { t: 120_000, h: h2 },
      ],
      metricName: 'x',
    })
    kernel('rate')(input)
    expect(input.annotations.warnings).toContain(
      'PromQL warning: this native histogram metric is not a counter: "x"',
    )
  })

  it('warns when delta is applied to counter histograms', () => {
    const input = rangeInput(0, 120, {
      histograms: [
        { t: 60_000, h: h1 },
        { t: 120_000, h: h2 },
      ],
      metricName: 'x',
    })
    kernel('delta')(input)
    expect(input.annotations.warnings).toEqual([
      'PromQL warning: this native histogram metric is not a gauge: "x"',
    ])
  })

  it('refuses to mix exponential and custom buckets', () => {
    const c = hist({
      schema: -53,
      customValues: [1],
      count: 5,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [5],
    })
    const input = rangeInput(0, 180, {
      histograms: [
        { t: 60_000, h: h1 },
        { t: 120_000, h: c },
        { t: 180_000, h: h2 },
      ],
      metricName: 'x',
    })
    expect(kernel('rate')(input)).toBeNull()
    expect(input.annotations.warnings).toEqual([ANNOTATIONS.mixedExponentialCustom('x')])
  })
})

describe('irate and idelta', () => {
  it.each([
    [
      'irate',
      [
        [60, 10],
        [120, 20],
        [180, 26],
      ],
      0.1,
    ],
    [
      'irate',
      [
        [60, 10],
        [120, 20],
        [180, 5],
      ],
      5 / 60,
    ],
    [
      'idelta',
      [
        [60, 10],
        [120, 20],
        [180, 5],
      ],
      -15,
    ],
    [
      'idelta',
      [
        [60, 10],
        [90, 13],
      ],
      3,
    ],
  ] as const)('%s of %j is %d', (name, points, expected) => {
    const out = kernel(name)(rangeInput(0, 300, { floats: floatsAt(points) }))
    expect(out).toBeCloseTo(expected, 12)
  })

  it('uses the last two samples across floats and histograms', () => {
    const input = rangeInput(0, 300, {
      floats: floatsAt([[60, 1]]),
      histograms: [{ t: 120_000, h: hist({ count: 1 }) }],
      metricName: 'x',
    })
    expect(kernel('irate')(input)).toBeNull()
    expect(input.annotations.warnings).toEqual([ANNOTATIONS.mixedFloatsHistograms('x')])
  })

  it('computes the per-second histogram change', () => {
    const a = hist({ count: 2, sum: 2, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [2] })
    const b = hist({ count: 8, sum: 5, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [8] })
    const out = kernel('irate')(
      rangeInput(0, 300, {
        histograms: [
          { t: 60_000, h: a },
          { t: 90_000, h: b },
        ],
      }),
    )
    expect(out).toMatchObject({ count: 0.2, sum: 0.1, positiveBuckets: [0.2] })
  })
})
