import { Labels, type NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { Head } from './head.js'
import { HeadAppender } from './head-appender.js'

const HOUR = 3_600_000
const STEP = 15_000

/** The chunk count as a walk over every series computes it (what stats() did before it kept a counter). */
function walkedChunks(head: Head): number {
  let n = 0
  for (const s of head.allSeries()) n += s.numChunks + (s.samples > 0 ? 1 : 0)
  return n
}

const hist = (n: number): NativeHistogram => ({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: n,
  count: 2 * n,
  sum: n,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [n],
  negativeSpans: [],
  negativeBuckets: [],
  counterResetHint: 'not-reset',
})

/** Appends one batch per step: `floats` float series and one histogram series, from `t0`. */
async function fill(head: Head, floats: number, steps: number, t0: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const app = new HeadAppender(head)
    const t = t0 + i * STEP
    for (let s = 0; s < floats; s++) app.append(0, Labels.fromRecord({ __name__: 'f', s: String(s) }), t, i)
    app.appendHistogram(0, Labels.fromRecord({ __name__: 'h' }), t, hist(i))
    await app.commit()
  }
}

describe('Head.stats() chunk counter', () => {
  it.each<[string, number, number]>([
    ['one sample per series (no encoder yet)', 3, 1],
    ['a few samples', 3, 5],
    ['chunks cut over 3 h', 2, (3 * HOUR) / STEP],
  ])('matches a walk over every series after appends: %s', async (_name, floats, steps) => {
    const head = new Head(2 * HOUR)
    await fill(head, floats, steps, 0)
    expect(head.stats().chunks).toBe(walkedChunks(head))
    expect(head.stats().chunks).toBeGreaterThan(floats)
  })

  it('matches after a float follows a histogram and an out-of-order insert opens a chunk', async () => {
    const head = new Head(2 * HOUR, 4 * HOUR)
    const l = Labels.fromRecord({ __name__: 'mixed' })
    let app = new HeadAppender(head)
    app.appendHistogram(0, l, 3 * HOUR, hist(1))
    app.append(0, l, 3 * HOUR + STEP, 1)
    await app.commit()
    app = new HeadAppender(head)
    // Older than every chunk and in an earlier block range: a chunk of its own.
    app.append(0, l, HOUR, 7)
    await app.commit()
    expect(head.stats().outOfOrderSamplesAppended).toBe(1)
    expect(head.stats().chunks).toBe(walkedChunks(head))
    expect(head.stats().chunks).toBe(3)
  })

  it('matches after truncation drops chunks and removes series', async () => {
    const head = new Head(2 * HOUR)
    // A series that stops before the truncation point goes away entirely.
    const app = new HeadAppender(head)
    app.append(0, Labels.fromRecord({ __name__: 'gone' }), 0, 1)
    await app.commit()
    await fill(head, 2, (3 * HOUR) / STEP, STEP)
    const before = head.stats().chunks
    const removed = head.truncate(2 * HOUR)
    expect(removed.size).toBe(1)
    expect(head.stats().chunks).toBeLessThan(before)
    expect(head.stats().chunks).toBe(walkedChunks(head))
    head.truncate(10 * HOUR)
    expect(head.stats()).toMatchObject({ chunks: 0, series: 0 })
  })
})
