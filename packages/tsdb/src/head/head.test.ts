import { Labels, Matcher } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { Head } from './head.js'
import { HeadAppender } from './head-appender.js'

const HOUR = 3_600_000

describe('Head', () => {
  it.each<[string, number, number, number[]]>([
    // Evenly spaced samples fill chunks to ~120 samples (Prometheus's end-time prediction).
    ['15 s samples over 2 h', 15_000, 480, [120, 120, 120, 120]],
    // A chunk never crosses the block range boundary at 2 h.
    ['60 s samples across a range boundary', 60_000, 150, [120, 30]],
  ])('cuts chunks: %s', async (_title, stepMs, n, want) => {
    const head = new Head(2 * HOUR)
    const app = new HeadAppender(head)
    for (let i = 0; i < n; i++) app.append(0, Labels.fromRecord({ __name__: 'x' }), i * stepMs, i)
    await app.commit()
    const s = head.series(1)
    expect(s).toBeDefined()
    const full = s?.fullChunks() ?? []
    const sizes = [...full.map((c) => c.samples), (s?.samples ?? 0) - full.reduce((a, c) => a + c.samples, 0)]
    expect(sizes).toEqual(want)
    for (const c of full) expect(Math.floor(c.minT / (2 * HOUR))).toBe(Math.floor(c.maxT / (2 * HOUR)))
  })

  it('keeps refs stable and selects with equality, set-regex and negative matchers', async () => {
    const head = new Head(2 * HOUR)
    const app = new HeadAppender(head)
    const refs = ['a', 'b', 'c', 'd'].map((v) => app.append(0, Labels.fromRecord({ __name__: 'x', v }), 1, 1))
    await app.commit()
    expect(refs).toEqual([1, 2, 3, 4])
    const again = new HeadAppender(head)
    expect(again.append(0, Labels.fromRecord({ v: 'c', __name__: 'x' }), 2, 1)).toBe(3)
    await again.commit()
    const sel = (...m: Matcher[]): readonly number[] => head.postings.select(m)
    expect(sel(new Matcher('=', 'v', 'b'))).toEqual([2])
    expect(sel(new Matcher('=~', 'v', 'a|c|zz'))).toEqual([1, 3])
    expect(sel(new Matcher('=', '__name__', 'x'), new Matcher('!~', 'v', 'a|b'))).toEqual([3, 4])
    head.truncate(2)
    // Only whole chunks go: the open chunk holding t=1 and t=2 stays.
    expect(head.series(3)?.samples).toBe(2)
    expect(head.series(1)).toBeUndefined()
    expect(sel(new Matcher('=~', 'v', '.+'))).toEqual([3])
  })
})

describe('Head series lookup', () => {
  // Two label sets with the same 32-bit label hash, found by a birthday search over i=<base 36>.
  const a = Labels.fromRecord({ __name__: 'x', i: 'm4e' })
  const b = Labels.fromRecord({ __name__: 'x', i: '7g20' })

  it('keeps series apart on a label hash collision, and after one of them is removed', async () => {
    expect(a.hash()).toBe(b.hash())
    const head = new Head(2 * HOUR)
    const app = new HeadAppender(head)
    app.append(0, a, 1, 1)
    app.append(0, b, 3 * HOUR, 2)
    await app.commit()
    const refA = head.getOrCreate(a).ref
    const refB = head.getOrCreate(b).ref
    expect(refA).not.toBe(refB)
    expect(head.numSeries).toBe(2)
    head.truncate(2 * HOUR)
    expect(head.series(refA)).toBeUndefined()
    expect(head.getOrCreate(b).ref).toBe(refB)
    expect(head.getOrCreate(a).ref).not.toBe(refA)
    expect(head.numSeries).toBe(2)
  })
})
