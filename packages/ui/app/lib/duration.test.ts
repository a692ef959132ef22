import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration, stepRange } from './duration.js'

describe('parseDuration', () => {
  it.each([
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['15s', 15_000],
    ['250ms', 250],
    ['1m30s500ms', 90_500],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', 'h', '1x', '1.5h', '30m1h', '-1h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it.each([
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [90_500, '1m30s500ms'],
    [1_209_600_000, '2w'],
    [0, '0s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
    if (ms > 0) expect(parseDuration(text)).toBe(ms)
  })
})

describe('stepRange', () => {
  it.each([
    [3_600_000, 1, 7_200_000],
    [3_600_000, -1, 1_800_000],
    [5_400_000, 1, 7_200_000],
    [5_400_000, -1, 3_600_000],
    [1_000, -1, 1_000],
  ] as const)('from %d in direction %d is %d', (ms, dir, want) => {
    expect(stepRange(ms, dir)).toBe(want)
  })
})
