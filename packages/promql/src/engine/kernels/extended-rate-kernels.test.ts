import { describe, expect, it } from 'vitest'
import type { HPoint } from '../../value.js'
import { anchoredWindow, extendedRate, extendFloats, interpolateFloat } from './extended-rate-kernels.js'
import { floatsAt, hist, rangeInput } from './kernel.test-fixtures.js'

// 1,2,3,4,5 then 9..13 every 15s from t=0 (a counter that jumps, no reset).
const jumping = floatsAt([0, 15, 30, 45, 60, 75, 90, 105, 120, 135].map((s, i) => [s, i < 5 ? i + 1 : i + 4]))
const withReset = floatsAt([
  [0, 5],
  [30, 10],
  [60, 3],
])

function upTo<P extends { t: number }>(points: readonly P[], endS: number): P[] {
  return points.filter((p) => p.t <= endS * 1000)
}

/** Histogram counter: count and sum grow by one every 15s. */
function histCounter(count: number): HPoint {
  return {
    t: (count - 1) * 15_000,
    h: hist({ count, sum: count, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [count] }),
  }
}

describe('extendedRate over floats', () => {
  it.each([
    ['anchored increase takes the last sample before the range as left value', 20, 80, false, true, false, 7],
    ['smoothed increase interpolates both boundaries', 65, 125, true, true, false, 6],
    ['anchored rate divides by the range', 20, 80, false, true, true, 7 / 60],
    ['anchored delta ignores resets', 20, 80, false, false, false, 7],
  ])('%s', (_name, startS, endS, smoothed, isCounter, isRate, expected) => {
    // The evaluator passes anchored windows ending at the range end, smoothed ones a lookback later.
    const input = rangeInput(startS, endS, { floats: smoothed ? jumping : upTo(jumping, endS) })
    const out = extendedRate(input, isCounter, isRate, smoothed)
    expect(typeof out === 'number' ? out : undefined).toBeCloseTo(expected, 12)
  })

  it('adds back the value before a counter reset', () => {
    expect(extendedRate(rangeInput(0, 70, { floats: withReset }), true, false, false)).toEqual(8)
  })

  it.each([
    ['all samples at or before the range start', 140, 200, false],
    ['smoothed with all samples after the range end', -60, -5, true],
  ])('yields nothing with %s', (_name, startS, endS, smoothed) => {
    expect(extendedRate(rangeInput(startS, endS, { floats: jumping }), true, false, smoothed)).toBeNull()
  })

  it('warns about a mix of floats and histograms', () => {
    const input = rangeInput(0, 60, { floats: withReset, histograms: [histCounter(1)] })
    expect(extendedRate(input, true, false, false)).toBeNull()
    expect(input.annotations.warnings[0]).toMatch(/mix of histograms and floats/)
  })
})

describe('extendedRate over histograms', () => {
  const points = [1, 2, 3, 4, 5].map(histCounter)
  it.each([
    ['anchored', false, 3],
    ['smoothed', true, 3 + 1 / 3],
  ])('%s increase', (_name, smoothed, expected) => {
    const window = smoothed ? points : upTo(points, 50)
    const out = extendedRate(rangeInput(-10, 50, { histograms: window }), true, false, smoothed)
    const h = out !== null && typeof out !== 'number' ? out : undefined
    expect(h?.count).toBeCloseTo(expected, 12)
    expect(h?.counterResetHint).toBe('gauge')
  })
})

describe('interpolateFloat', () => {
  it.each([
    [false, 7.5],
    [true, 2.5],
  ])('counter=%s', (isCounter, expected) => {
    expect(interpolateFloat({ t: 0, f: 10 }, { t: 10, f: 5 }, 5, isCounter)).toBe(expected)
  })
})

describe('anchoredWindow', () => {
  const floats = floatsAt([
    [10, 1],
    [20, 2],
    [30, 3],
  ])
  it.each([
    ['starts at the last sample at or before the range start', 20, [20, 30]],
    ['keeps everything without an anchor', 5, [10, 20, 30]],
    ['is empty without a sample inside the range', 30, null],
  ])('%s', (_name, startS, expected) => {
    const input = rangeInput(startS, 40, { floats })
    const w = anchoredWindow(input)
    expect(w === null ? null : Array.from(input.ft.subarray(w.fStart, input.fEnd), (t) => t / 1000)).toEqual(
      expected,
    )
  })
})

describe('extendFloats', () => {
  const f = floatsAt([
    [10, 1],
    [20, 3],
    [30, 5],
  ])
  it.each([
    [
      'anchored: the anchor moves to the range start',
      15,
      25,
      false,
      [
        [15, 1],
        [20, 3],
        [25, 3],
      ],
    ],
    [
      'smoothed: both boundaries are interpolated',
      15,
      25,
      true,
      [
        [15, 2],
        [20, 3],
        [25, 4],
      ],
    ],
    ['nothing after the range start', 30, 40, false, []],
  ])('%s', (_name, startS, endS, smoothed, expected) => {
    const window = smoothed ? f : f.filter((p) => p.t <= endS * 1000)
    const out = extendFloats(window, startS * 1000, endS * 1000, smoothed)
    expect(out.map((p) => [p.t / 1000, p.f])).toEqual(expected)
  })
})
