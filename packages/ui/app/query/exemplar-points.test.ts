import { describe, expect, it } from 'vitest'
import { exemplarPoints, nearestExemplar, type ExemplarPoint } from './exemplar-points.js'

const series = { __name__: 'rpc_total', job: 'app' }

describe('exemplarPoints', () => {
  it.each([
    ['null (no selectors)', null, []],
    [
      'two exemplars, one with a value that is not a number',
      [
        {
          seriesLabels: series,
          exemplars: [
            { labels: { trace_id: 'a' }, value: '1.5', timestamp: 100.25 },
            { labels: { trace_id: 'b' }, value: 'oops', timestamp: 101 },
          ],
        },
      ],
      [{ tSec: 100.25, value: 1.5, seriesLabels: series, labels: { trace_id: 'a' } }],
    ],
  ])('flattens %s', (_name, data, want) => {
    expect(exemplarPoints(data)).toEqual(want)
  })
})

describe('nearestExemplar', () => {
  const p = (tSec: number, value: number): ExemplarPoint => ({
    tSec,
    value,
    seriesLabels: series,
    labels: {},
  })
  const points = [p(0, 0), p(10, 10), p(20, 20)]
  // One px per unit on both axes; the third point is off the scales.
  const toPx = (q: ExemplarPoint): [number, number] | undefined =>
    q.tSec > 15 ? undefined : [q.tSec, q.value]
  it.each([
    ['on a point', 10, 10, 10],
    ['near a point', 12, 9, 10],
    ['far from every point', 5, 5, undefined],
    ['near a point off the scales', 20, 20, undefined],
  ])('picks the point %s', (_name, x, y, want) => {
    expect(nearestExemplar(points, toPx, x, y, 4)?.tSec).toBe(want)
  })
})
