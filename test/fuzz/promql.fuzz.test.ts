import fc from 'fast-check'
import { Matcher } from '@watchfire/model'
import { formatExpr, parseExpr, parseMetricSelector, PromQLParseError } from '@watchfire/promql'
import { describe, expect } from 'vitest'
import { promqlSeeds, promqlSelectorSeeds } from './lib/conformance-seeds.js'
import { fuzzTarget } from './lib/fuzz-target.js'
import { guard } from './lib/guard.js'
import { mutatedString, tokenSoup } from './lib/mutate.js'
import { PROMQL_FINDINGS } from './regressions/promql-findings.js'

/** PromQL tokens, inserted by the mutators and strung together by the token soup. */
const PROMQL_DICTIONARY: readonly string[] = [
  ...[
    '(',
    ')',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    ' ',
    '\n',
    '#',
    '"',
    "'",
    '`',
    '\\',
    '@',
    '=',
    '=~',
    '!=',
    '!~',
  ],
  ...['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', '</', '>/'],
  ...['and', 'or', 'unless', 'atan2', 'bool', 'on', 'ignoring', 'group_left', 'group_right'],
  ...['fill', 'fill_left', 'fill_right', 'by', 'without', 'offset', 'start()', 'end()', 'step()'],
  ...['anchored', 'smoothed', 'sum', 'topk', 'quantile', 'count_values', 'limitk', 'limit_ratio'],
  ...['rate', 'histogram_quantile', 'label_replace', 'absent', 'vector', 'time()', 'info', 'min', 'max'],
  ...[
    '5m',
    '1h30m',
    '0s',
    '-1m',
    '1y',
    '100ms',
    '[5m]',
    '[1h:5m]',
    '[5m:]',
    '[1m+1m]',
    ' offset -1m',
    ' @ 100',
  ],
  ...['1', '0x1F', '1e308', '1e-400', 'Inf', 'NaN', '-Inf', '1_000', '.5', '0.', '9007199254740993'],
  ...['foo', 'up', '__name__', 'job', '{"a.b"}', '"ö"', '"\\u00e4"', '"\\x41"', '"\\U0010FFFF"', '"\\777"'],
]

const seeds = promqlSeeds()
const plainQueries = fc.oneof(
  { weight: 2, arbitrary: mutatedString(seeds, PROMQL_DICTIONARY) },
  { weight: 1, arbitrary: tokenSoup(PROMQL_DICTIONARY, 30) },
)
// Deep nesting, which a recursive parser must refuse cleanly rather than overflow the stack.
const DEEP: ReadonlyArray<(n: number) => string> = [
  (n) => '('.repeat(n) + 'x' + ')'.repeat(n),
  (n) => '-'.repeat(n) + 'x',
  (n) => 'abs('.repeat(n) + 'x' + ')'.repeat(n),
  (n) => 'sum('.repeat(n) + 'x' + ')'.repeat(n),
  (n) => Array.from({ length: n }, () => 'x').join(' or '),
  (n) => Array.from({ length: n }, () => '2').join('^'),
  (n) => 'x[' + '('.repeat(n) + '5m' + ')'.repeat(n) + ']',
  (n) => 'x[5m:' + Array.from({ length: n }, () => 'step()').join('+') + ']',
  (n) => 'x offset (' + Array.from({ length: n }, () => '1m').join('*') + ')',
]
const deepQueries = fc
  .tuple(fc.constantFrom(...DEEP), fc.integer({ min: 1, max: 3000 }))
  .map(([make, n]) => make(n))
const queries = fc.oneof({ weight: 12, arbitrary: plainQueries }, { weight: 1, arbitrary: deepQueries })

/**
 * The AST as plain data without positions, with matchers printed and sorted, so trees parsed from
 * different texts compare equal.
 */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape)
  if (node instanceof Matcher) return node.toString()
  // `-0s` prints as `0s`, as upstream prints it: the sign of a zero duration is not kept.
  if (Object.is(node, -0)) return 0
  if (node === null || typeof node !== 'object') return node
  // `-Inf ^ x` prints as `-+Inf ^ x`, which reads back with an extra unary plus, as upstream's
  // printer and parser do; a unary plus changes nothing, so it is looked through.
  const record = node as Record<string, unknown>
  if (record['type'] === 'UnaryExpr' && record['op'] === '+') return shape(record['expr'])
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) if (k !== 'pos') out[k] = shape(v)
  if (Array.isArray(out['matchers'])) out['matchers'] = (out['matchers'] as string[]).toSorted()
  return out
}

describe('PromQL', () => {
  fuzzTarget(
    'parseExpr never crashes',
    queries,
    (query) => {
      guard(() => parseExpr(query), [PromQLParseError])
    },
    { ciRuns: 3000, examples: PROMQL_FINDINGS },
  )

  fuzzTarget(
    'parseMetricSelector never crashes',
    mutatedString(promqlSelectorSeeds(), PROMQL_DICTIONARY),
    (selector) => {
      guard(() => parseMetricSelector(selector), [PromQLParseError])
    },
    { ciRuns: 2000 },
  )

  // The printer writes a query that parses back to the same tree (up to unary plus and the sign of 0s).
  fuzzTarget(
    'parseExpr(formatExpr(ast)) equals ast',
    plainQueries,
    (query) => {
      const parsed = guard(() => parseExpr(query), [PromQLParseError])
      if (!parsed.ok) return
      const printed = formatExpr(parsed.value)
      const reparsed = guard(() => parseExpr(printed), [])
      if (!reparsed.ok) return
      expect(shape(reparsed.value)).toEqual(shape(parsed.value))
    },
    { ciRuns: 2000, examples: PROMQL_FINDINGS },
  )
})
