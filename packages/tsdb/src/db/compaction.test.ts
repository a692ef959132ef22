import { describe, expect, it } from 'vitest'
import type { BlockMeta } from '../block/meta.js'
import { overlapping } from './compaction.js'

const meta = (minTime: number, maxTime: number): BlockMeta => ({
  ulid: `b${minTime}`,
  minTime,
  maxTime,
  stats: { numSamples: 0, numSeries: 0, numChunks: 0 },
  compaction: { level: 1 },
  version: 1,
})

describe('overlapping', () => {
  it.each([
    ['adjacent blocks', [meta(0, 10), meta(10, 20)], false],
    ['blocks with a gap, out of order', [meta(30, 40), meta(0, 10)], false],
    ['one block inside another', [meta(0, 100), meta(20, 30)], true],
    ['blocks sharing an edge sample range', [meta(10, 20), meta(0, 11)], true],
  ])('%s', (_title, metas, want) => {
    expect(overlapping(metas)).toBe(want)
  })
})
