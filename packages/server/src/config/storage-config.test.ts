import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import { parseConfig } from './load-config.js'

describe('storage section', () => {
  it.each([
    ['absent', '', 0],
    ['empty tsdb block', 'storage:\n  tsdb: {}\n', 0],
    ['a 30 minute window', 'storage:\n  tsdb:\n    out_of_order_time_window: 30m\n', 30 * 60_000],
    [
      'next to exemplars',
      'storage:\n  tsdb:\n    out_of_order_time_window: 1h\n  exemplars:\n    max_exemplars: 10\n',
      3_600_000,
    ],
  ])('reads out_of_order_time_window: %s', (_name, yaml, want) => {
    expect(parseConfig(yaml).storage?.tsdb.outOfOrderTimeWindowMs).toBe(want)
  })

  it.each([
    ['absent', '', 100_000],
    ['set', 'storage:\n  exemplars:\n    max_exemplars: 10\n', 10],
    ['zero (disabled)', 'storage:\n  exemplars:\n    max_exemplars: 0\n', 0],
  ])('reads exemplars.max_exemplars: %s', (_name, yaml, want) => {
    expect(parseConfig(yaml).storage?.exemplars?.maxExemplars).toBe(want)
  })

  it.each([
    [
      'an unknown exemplars field',
      'storage:\n  exemplars:\n    max: 1\n',
      /field max not found in type config.ExemplarsConfig/,
    ],
    [
      'an unknown tsdb field',
      'storage:\n  tsdb:\n    retention: 1d\n',
      /field retention not found in type config.TSDBConfig/,
    ],
    ['a bad duration', 'storage:\n  tsdb:\n    out_of_order_time_window: soon\n', /out_of_order_time_window/],
  ])('rejects %s', (_name, yaml, message) => {
    expect(() => parseConfig(yaml)).toThrow(ConfigError)
    expect(() => parseConfig(yaml)).toThrow(message)
  })
})
