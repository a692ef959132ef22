import fc from 'fast-check'
import { formatText, ParseError, parseText, WatchfireError } from '@watchfire/model'
import { describe, expect } from 'vitest'
import { EXPOSITION_DICTIONARY, expositionSeeds } from './lib/exposition-seeds.js'
import { hasClashingNames } from './lib/clashing-names.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedString, tokenSoup } from './lib/mutate.js'
import { TEXT_FINDINGS } from './regressions/exposition-findings.js'

const seeds = expositionSeeds()
const input = fc.oneof(
  { weight: 5, arbitrary: mutatedString(seeds.text, EXPOSITION_DICTIONARY) },
  { weight: 1, arbitrary: tokenSoup(EXPOSITION_DICTIONARY) },
)

describe('text exposition format 0.0.4', () => {
  fuzzTarget(
    'parseText never crashes',
    input,
    (text) => {
      guard(() => parseText(text), [ParseError])
    },
    { ciRuns: 3000, examples: TEXT_FINDINGS },
  )

  // What the parser accepts, the formatter writes so that it reads back the same. The first
  // rendering may normalise (a histogram gains its implicit +Inf bucket), so the property is that
  // formatting is then a fixpoint: format(parse(format(f))) === format(f).
  fuzzTarget(
    'formatText output parses back to the same families',
    input,
    (text) => {
      const parsed = guard(() => parseText(text), [ParseError])
      if (!parsed.ok || hasClashingNames(parsed.value)) return
      const written = guard(() => formatText(parsed.value), [WatchfireError])
      if (!written.ok) return
      const reparsed = parseText(written.value)
      expect(formatText(reparsed)).toBe(written.value)
    },
    { ciRuns: 1500, examples: TEXT_FINDINGS },
  )
})
