import fc from 'fast-check'
import { AmMatcher, MatcherError, parseMatcher, parseMatchers } from '@watchfire/alertmanager'
import { InvalidRegexError, Matcher, type MatchType } from '@watchfire/model'
import { describe, expect } from 'vitest'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedString, tokenSoup } from './lib/mutate.js'
import { MATCHER_FINDINGS, REGEX_FINDINGS } from './regressions/matcher-findings.js'

/** RE2 syntax, valid and not, for patterns the translator must accept or refuse cleanly. */
const REGEX_DICTIONARY: readonly string[] = [
  ...[
    '(',
    ')',
    '(?:',
    '(?i)',
    '(?-s:',
    '(?P<n>',
    '(?<n>',
    '(?=',
    '(?P=n)',
    '[',
    ']',
    '[^',
    '[[:alpha:]]',
    '[:word:]',
  ],
  ...[
    '*',
    '+',
    '?',
    '*?',
    '{2}',
    '{1,}',
    '{1000}',
    '{1001}',
    '{0,1000}',
    '|',
    '.',
    '^',
    '$',
    '\\A',
    '\\z',
    '\\b',
  ],
  ...[
    '\\d',
    '\\D',
    '\\s',
    '\\w',
    '\\pL',
    '\\p{Greek}',
    '\\P{L}',
    '\\x{10FFFF}',
    '\\x41',
    '\\Q',
    '\\E',
    '\\1',
    '\\',
  ],
  ...['a-z', 'z-a', '-', 'ö', '\u{1F600}', '\uD800', '\n', 'a', 'abc', 'foo|bar', '.*', '.+', '\\.'],
]

const REGEX_SEEDS = [
  'api|web',
  'foo.*',
  '(?i)Foo.+bar',
  '[a-z0-9_]+',
  '(?:a|b)*c{2,3}',
  '^\\w+$',
  'x\\d{1,3}',
]

const patterns = fc.oneof(
  { weight: 3, arbitrary: mutatedString(REGEX_SEEDS, REGEX_DICTIONARY) },
  { weight: 2, arbitrary: tokenSoup(REGEX_DICTIONARY, 20) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('(', '(?:', '(?i:', '(a|'), fc.integer({ min: 1, max: 1500 }))
      .map(([open, n]) => open.repeat(n) + 'a' + ')'.repeat(n)),
  },
)

/** Alertmanager matcher syntax: `{a="1", b=~"x|y", c!=z}`. */
const MATCHER_DICTIONARY: readonly string[] = [
  ...['{', '}', ',', '"', '\\"', '\\\\', '\\n', '\\', '=', '!=', '=~', '!~', ' ', '\t', '\n', 'job', 'a_b:c'],
  ...['"x"', '"a,b"', '"}"', '""', 'ö', '\u{1F600}', '(', '[', '.*', '__name__', '0bad'],
]
const MATCHER_SEEDS = [
  '{job="api"}',
  'a=b',
  '{severity=~"warn|crit", team!="x",}',
  'env!~"prod.*"',
  'x="a\\"b\\\\c\\n"',
]

/**
 * Long values too: matching is linear in the value's length (issue 16), so a pattern that would
 * make a backtracking engine explode must still finish within the per-input bound.
 */
const LONG_VALUES = [
  'a'.repeat(5000),
  'x'.repeat(3000) + '!',
  'ab '.repeat(2000) + '!',
  'foo_bar-'.repeat(600),
]

const label = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/)
const matchType = fc.constantFrom<MatchType>('=', '!=', '=~', '!~')

describe('label matchers', () => {
  fuzzTarget(
    'Matcher (RE2 translation) never crashes',
    patterns,
    (pattern) => {
      const m = guard(() => new Matcher('=~', 'x', pattern), [InvalidRegexError])
      if (m.ok) {
        const matcher = m.value
        guard(() => [matcher.matches(''), matcher.matches('abc'), matcher.matchesEmpty()], [])
        guard(() => LONG_VALUES.map((v) => matcher.matches(v)), [])
      }
    },
    { ciRuns: 2000, examples: REGEX_FINDINGS },
  )

  fuzzTarget(
    'Alertmanager parseMatchers never crashes',
    fc.oneof(
      { weight: 3, arbitrary: mutatedString(MATCHER_SEEDS, MATCHER_DICTIONARY) },
      { weight: 1, arbitrary: tokenSoup(MATCHER_DICTIONARY, 20) },
    ),
    (text) => {
      guard(() => parseMatchers(text), [MatcherError])
    },
    { ciRuns: 3000, examples: MATCHER_FINDINGS },
  )

  // A matcher prints so that it parses back to itself, whatever its value holds.
  fuzzTarget(
    'Alertmanager parseMatcher(matcher.toString()) round-trips',
    fc.tuple(label, matchType, fc.string({ unit: 'binary', maxLength: 20 })),
    ([name, type, value]) => {
      const made = guard(() => new AmMatcher(type, name, value), [MatcherError])
      if (!made.ok) return
      const back = parseMatcher(made.value.toString())
      expect([back.name, back.type, back.value]).toEqual([name, type, value])
    },
    { ciRuns: 2000 },
  )
})
