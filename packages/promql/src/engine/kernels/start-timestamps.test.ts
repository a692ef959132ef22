import { describe, expect, it } from 'vitest'
import { isStartTimestampReset, startTimeOverlaps } from './start-timestamps.js'

describe('isStartTimestampReset', () => {
  it.each([
    // prevST, prevT, currST, currT, reset
    [0, 1000, 0, 2000, false, 'no start timestamp'],
    [0, 1000, 2000, 2000, false, 'start at the sample itself (OTel unknown start)'],
    [0, 1000, 2500, 2000, false, 'start after the sample (invalid)'],
    [500, 1000, 500, 2000, false, 'same start as before: still counting'],
    [500, 1000, 900, 2000, false, 'start before the previous sample'],
    [500, 1000, 1001, 2000, true, 'start after the previous sample'],
    [500, 1000, 1000, 2000, true, 'start at the previous sample after a known start (delta)'],
    [0, 1000, 1000, 2000, false, 'start at the previous sample after an unknown start'],
    [1000, 1000, 1000, 2000, false, 'start at the previous sample whose start was its own time'],
    [1500, 1000, 1000, 2000, false, 'start at the previous sample whose start was invalid'],
  ])('%i %i %i %i -> %s (%s)', (prevST, prevT, currST, currT, want) => {
    expect(isStartTimestampReset(prevST, prevT, currST, currT)).toBe(want)
  })
})

describe('startTimeOverlaps', () => {
  it.each([
    [0, 1000, 0, false],
    [500, 1000, 500, false],
    [500, 1000, 1000, false],
    [0, 1000, 400, true],
    [500, 1000, 400, true],
  ])('%i %i %i -> %s', (prevST, prevT, currST, want) => {
    expect(startTimeOverlaps(prevST, prevT, currST)).toBe(want)
  })
})
