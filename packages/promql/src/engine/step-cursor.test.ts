import { Labels, emptyHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import type { EvalSeries } from './eval-types.js'
import { StepCursor } from './step-cursor.js'

const hist = { ...emptyHistogram(), count: 3 }
const series: EvalSeries = {
  metric: Labels.fromRecord({ a: '1' }),
  floats: [
    { t: 0, f: 1 },
    { t: 20, f: 3 },
  ],
  histograms: [{ t: 10, h: hist }],
  dropName: false,
}

describe('StepCursor', () => {
  it("finds each step's float or histogram and skips steps without a sample", () => {
    const c = new StepCursor(series)
    const seen: [number, number, unknown][] = []
    for (const ts of [0, 5, 10, 15, 20, 25]) if (c.at(ts)) seen.push([ts, c.f, c.h])
    expect(seen).toEqual([
      [0, 1, undefined],
      [10, 0, hist],
      [20, 3, undefined],
    ])
  })

  it('finds nothing in an empty series', () => {
    const c = new StepCursor({ ...series, floats: [], histograms: [] })
    expect([0, 10, 20].some((ts) => c.at(ts))).toBe(false)
  })
})
