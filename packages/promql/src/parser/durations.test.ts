import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from './durations.js'

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1y2w3d4h5m6s7ms', 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6000 + 7],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['', 'empty duration string'],
    ['5m1h', 'not a valid duration string: "5m1h"'],
    ['1m1m', 'not a valid duration string: "1m1m"'],
    ['5y1hs', 'unknown unit "hs" in duration "5y1hs"'],
    ['m', 'not a valid duration string: "m"'],
    ['300y', 'duration out of range'],
  ])('rejects %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [86_400_000 * 90, '90d'],
    [86_400_000 * 14, '2w'],
    [86_400_000 * 365, '1y'],
    [1500, '1s500ms'],
    [-300_000, '-5m'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
