import fc from 'fast-check'
import { formatOpenMetrics, ParseError, parseOpenMetrics, WatchfireError } from '@watchfire/model'
import { describe, expect } from 'vitest'
import { EXPOSITION_DICTIONARY, expositionSeeds } from './lib/exposition-seeds.js'
import { hasClashingNames } from './lib/clashing-names.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedBytes, mutatedString, tokenSoup } from './lib/mutate.js'
import { OPENMETRICS_FINDINGS } from './regressions/exposition-findings.js'

const seeds = expositionSeeds()
const text = fc.oneof(
  { weight: 5, arbitrary: mutatedString(seeds.openMetrics, EXPOSITION_DICTIONARY) },
  { weight: 1, arbitrary: tokenSoup(EXPOSITION_DICTIONARY) },
)
const encoder = new TextEncoder()
// Raw bytes reach the parser straight from a scrape, invalid UTF-8 included.
const bytes = mutatedBytes(
  seeds.openMetrics.map((s) => encoder.encode(s)),
  EXPOSITION_DICTIONARY.map((s) => encoder.encode(s)).concat([
    new Uint8Array([0xff]),
    new Uint8Array([0xc3]),
    new Uint8Array([0xed, 0xa0, 0x80]),
    new Uint8Array([0xef, 0xbb, 0xbf]),
  ]),
)

describe('OpenMetrics 1.0 text', () => {
  fuzzTarget(
    'parseOpenMetrics(text) never crashes',
    text,
    (input) => {
      guard(() => parseOpenMetrics(input), [ParseError])
    },
    { ciRuns: 3000, examples: OPENMETRICS_FINDINGS },
  )

  fuzzTarget(
    'parseOpenMetrics(bytes) never crashes',
    bytes,
    (input) => {
      guard(() => parseOpenMetrics(input), [ParseError])
    },
    { ciRuns: 2000 },
  )

  // As for the text format: the first rendering may normalise, after which formatting is a fixpoint.
  fuzzTarget(
    'formatOpenMetrics output parses back to the same families',
    text,
    (input) => {
      const parsed = guard(() => parseOpenMetrics(input), [ParseError])
      if (!parsed.ok || hasClashingNames(parsed.value)) return
      const written = guard(() => formatOpenMetrics(parsed.value), [WatchfireError])
      if (!written.ok) return
      const reparsed = parseOpenMetrics(written.value)
      expect(formatOpenMetrics(reparsed)).toBe(written.value)
    },
    { ciRuns: 1500, examples: OPENMETRICS_FINDINGS },
  )
})
