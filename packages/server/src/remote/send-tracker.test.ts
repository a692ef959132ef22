import { describe, expect, it } from 'vitest'
import { SendTracker } from './send-tracker.js'

describe('SendTracker', () => {
  it.each<[string, [number, number][], number[], { segment: number; offset: number }, number]>([
    [
      'nothing finished',
      [
        [0, 2],
        [0, 1],
      ],
      [],
      { segment: 3, offset: 10 },
      -1,
    ],
    [
      'records without samples commit at once',
      [
        [0, 0],
        [0, 0],
      ],
      [],
      { segment: 3, offset: 20 },
      1,
    ],
    [
      'a finished prefix commits',
      [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      [0, 1],
      { segment: 3, offset: 20 },
      1,
    ],
    [
      'a gap holds later records back',
      [
        [0, 1],
        [0, 1],
        [0, 0],
      ],
      [1],
      { segment: 3, offset: 10 },
      -1,
    ],
    [
      'the gap closing releases them',
      [
        [0, 1],
        [0, 1],
        [0, 0],
      ],
      [1, 0],
      { segment: 3, offset: 30 },
      2,
    ],
    ['every sample of a record must finish', [[0, 2]], [0], { segment: 3, offset: 10 }, -1],
  ])('%s', (_, records, finished, committed, seq) => {
    const t = new SendTracker({ segment: 3, offset: 10 })
    records.forEach(([, n], i) => t.register(3, 10 * (i + 1), n))
    for (const s of finished) t.finish(s)
    expect(t.committed).toEqual(committed)
    expect(t.committedSeq).toBe(seq)
  })

  it('keeps sequence numbers stable across compaction of its arrays', () => {
    const t = new SendTracker({ segment: 0, offset: 0 })
    for (let i = 0; i < 5000; i++) t.finish(t.register(0, i + 1, 1))
    const seq = t.register(1, 7, 1)
    expect(t.committed).toEqual({ segment: 0, offset: 5000 })
    t.finish(seq)
    expect(t.committed).toEqual({ segment: 1, offset: 7 })
    expect(t.open).toBe(0)
  })
})
