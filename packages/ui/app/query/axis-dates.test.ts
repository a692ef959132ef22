import { describe, expect, it } from 'vitest'
import { isoDateTemplate } from './axis-dates.js'

describe('isoDateTemplate', () => {
  it.each([
    ['{YYYY}', '{YYYY}'],
    ['{M}/{D}', '{MM}-{DD}'],
    ['{h}{aa}', '{HH}:00'],
    ['{h}:{mm}{aa}', '{HH}:{mm}'],
    ['\n{M}/{D}/{YY}', '\n{YYYY}-{MM}-{DD}'],
    ['\n{M}/{D}/{YY} {h}:{mm}{aa}', '\n{YYYY}-{MM}-{DD} {HH}:{mm}'],
    [':{ss}', ':{ss}'],
  ])('%j becomes %j', (tpl, want) => {
    expect(isoDateTemplate(tpl)).toBe(want)
  })
})
