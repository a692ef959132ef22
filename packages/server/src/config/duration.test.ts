import { describe, expect, it } from 'vitest'
import { parseByteSize } from './byte-size.js'
import { formatDuration, parseDuration } from './duration.js'

describe('durations', () => {
  it.each([
    ['0', 0],
    ['15s', 15_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1y2w3d', 31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each(['', '5x', '1.5s', '-1s', '30', '1s1m'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/)
  })

  it.each([
    [0, '0s'],
    [15_000, '15s'],
    [5_400_000, '1h30m'],
    [1500, '1s500ms'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('parseByteSize', () => {
  it.each([
    ['0', 0],
    ['10MB', 10 * 2 ** 20],
    ['1KiB', 1024],
    ['1GB512MB', 2 ** 30 + 512 * 2 ** 20],
  ])('parses %s', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes)
  })

  it.each([
    ['10XB', 'units: unknown unit XB in 10XB'],
    ['1000', 'units: unknown unit  in 1000'],
  ])('rejects %s', (text, message) => {
    expect(() => parseByteSize(text)).toThrow(message)
  })
})
