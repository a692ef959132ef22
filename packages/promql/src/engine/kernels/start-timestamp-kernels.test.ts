import { describe, expect, it } from 'vitest'
import { ANNOTATIONS } from './annotation-texts.js'
import { floatsAt, hist, rangeInput } from './kernel.test-fixtures.js'
import { RANGE_KERNELS } from './range-kernels.js'

function kernel(name: string): NonNullable<(typeof RANGE_KERNELS)[string]> {
  const k = RANGE_KERNELS[name]
  if (k === undefined) throw new Error(`no kernel ${name}`)
  return k
}

/** A float window over `(startS, endS]` whose samples carry start timestamps (seconds, 0 = unknown). */
function withStarts(startS: number, endS: number, samples: [number, number, number][]) {
  const input = rangeInput(startS, endS, { floats: floatsAt(samples.map(([t, v]) => [t, v])) })
  input.fst = Float64Array.from(samples, ([, , st]) => st * 1000)
  return input
}

describe('rate kernels with start timestamps', () => {
  it.each([
    // Deltas (each sample starts at the previous one): every sample after the first is a reset,
    // so they add up; the first starts at the window's open edge, so the left side is extrapolated.
    [
      'increase',
      60,
      300,
      [
        [120, 60, 60],
        [180, 60, 120],
        [240, 60, 180],
        [300, 60, 240],
      ],
      240,
    ],
    // The first sample started inside the window: counted from zero there, no extrapolation left.
    [
      'increase',
      0,
      240,
      [
        [60, 60, 1],
        [120, 60, 60],
        [180, 60, 120],
        [240, 60, 180],
      ],
      240,
    ],
    [
      'rate',
      0,
      240,
      [
        [60, 60, 1],
        [120, 60, 60],
        [180, 60, 120],
        [240, 60, 180],
      ],
      1,
    ],
    // One sample is enough when its start lies inside the window.
    ['increase', 0, 300, [[120, 3, 30]], 3],
    // ... but not when it lies outside (or is unknown).
    ['increase', 60, 300, [[120, 3, 30]], null],
    ['increase', 0, 300, [[120, 3, 0]], null],
    // A start between two samples resets the counter even though the value went up: 20 + 20,
    // extrapolated back to where the slope reaches zero (30s before the first sample).
    [
      'increase',
      0,
      180,
      [
        [60, 10, 0],
        [120, 20, 0],
        [180, 30, 150],
      ],
      50,
    ],
    [
      'irate',
      0,
      180,
      [
        [60, 10, 0],
        [120, 20, 0],
        [180, 30, 150],
      ],
      0.5,
    ],
    [
      'resets',
      0,
      180,
      [
        [60, 10, 0],
        [120, 20, 0],
        [180, 30, 150],
      ],
      1,
    ],
    // A cumulative series whose first start was unknown: a start at the previous sample is no reset.
    [
      'resets',
      0,
      180,
      [
        [120, 1, 0],
        [180, 1, 120],
      ],
      0,
    ],
    // Functions that do not use start timestamps ignore them.
    [
      'delta',
      0,
      180,
      [
        [60, 10, 0],
        [120, 20, 0],
        [180, 30, 150],
      ],
      30,
    ],
  ] as [string, number, number, [number, number, number][], number | null][])(
    '%s over (%i, %i] of %j is %s',
    (name, start, end, samples, want) => {
      const out = kernel(name)(withStarts(start, end, samples))
      if (want === null) expect(out).toBeNull()
      else expect(out).toBeCloseTo(want, 9)
    },
  )

  it('warns once about starts overlapping the previous sample', () => {
    const input = withStarts(0, 240, [
      [60, 60, 0],
      [120, 120, 30],
      [180, 180, 90],
      [240, 240, 150],
    ])
    input.metricName = 'counter_total'
    expect(kernel('rate')(input)).toBeCloseTo(1, 9)
    expect(input.annotations.warnings).toEqual([ANNOTATIONS.startTimeOverlap('counter_total')])
  })

  it('counts a histogram from zero at a start inside the window', () => {
    const input = rangeInput(0, 300, { histograms: [{ t: 120_000, h: hist({ count: 60, sum: 60 }) }] })
    input.hst = Float64Array.from([60_000])
    const out = kernel('rate')(input)
    expect(out).toMatchObject({ count: 0.2, sum: 0.2 })
  })

  it('treats a histogram start after the previous sample as a reset', () => {
    const input = rangeInput(0, 180, {
      histograms: [
        { t: 120_000, h: hist({ count: 60, sum: 60, counterResetHint: 'not-reset' }) },
        { t: 180_000, h: hist({ count: 60, sum: 60, counterResetHint: 'not-reset' }) },
      ],
    })
    input.hst = Float64Array.from([0, 120_000, 150_000])
    input.hStart = 1
    expect(kernel('irate')(input)).toMatchObject({ count: 1, sum: 1 })
    expect(kernel('resets')(input)).toBe(1)
  })
})
