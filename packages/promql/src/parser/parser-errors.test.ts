import { describe, expect, it } from 'vitest'
import { PromQLParseError } from './parse-error.js'
import { parseExpr } from './parser.js'

function parseError(input: string): PromQLParseError {
  try {
    parseExpr(input)
  } catch (err) {
    if (err instanceof PromQLParseError) return err
    throw err
  }
  throw new Error(`parsed without error: ${input}`)
}

// Messages and start offsets as Prometheus 3.x reports them (promql/parser/parse_test.go).
const cases: Array<[input: string, message: string, start: number]> = [
  ['', 'unknown position: parse error: no expression found in input', 0],
  ['# just a comment\n\n', '1:1: parse error: no expression found in input', 0],
  ['1+', '1:3: parse error: unexpected end of input', 2],
  ['.', "1:1: parse error: unexpected character: '.'", 0],
  ['2.5.', '1:1: parse error: bad number or duration syntax: "2.5."', 0],
  ['100..4', '1:1: parse error: bad number or duration syntax: "100.."', 0],
  ['0deadbeef', '1:1: parse error: bad number or duration syntax: "0de"', 0],
  ['1 /', '1:4: parse error: unexpected end of input', 3],
  ['*1', '1:1: parse error: unexpected <op:*>', 0],
  ['(1))', "1:5: parse error: unexpected right parenthesis ')'", 4],
  ['((1)', '1:5: parse error: unclosed left parenthesis', 4],
  ['(', '1:2: parse error: unclosed left parenthesis', 1],
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression', 0],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier', 2],
  ['1 !~ 1', "1:3: parse error: unexpected character after '!': '~'", 2],
  ['1 =~ 1', "1:3: parse error: unexpected character after '=': '~'", 2],
  [
    '-"string"',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"',
    0,
  ],
  [
    '-test[5m]',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
    0,
  ],
  ['@@', '1:1: parse error: unexpected <op:@>', 0],
  [
    '1 offset 1d',
    '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
    0,
  ],
  ['foo offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times', 0],
  ['a - on(b) ignoring(c) d', '1:11: parse error: unexpected <ignoring>', 10],
  ['foo or 1', '1:1: parse error: set operator "or" not allowed in binary scalar expression', 0],
  ['1 or on(bar) foo', '1:1: parse error: vector matching only allowed between instant vectors', 0],
  ['foo + group_left(baz) bar', '1:7: parse error: unexpected <group_left>', 6],
  ['foo and on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "and" operation', 0],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    '1:35: parse error: label "instance" must not occur in ON and GROUP clause at once',
    34,
  ],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators', 4],
  ['foo @ +Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf', 0],
  ['foo @ NaN', '1:1: parse error: timestamp out of bounds for @ modifier: NaN', 0],
  ['{', '1:2: parse error: unexpected end of input inside braces', 1],
  ['}', "1:1: parse error: unexpected character: '}'", 0],
  ['some}', "1:5: parse error: unexpected character: '}'", 4],
  ['some_metric{a=b}', '1:15: parse error: unexpected identifier "b" in label matching, expected string', 14],
  ['some_metric{a:b="b"}', "1:14: parse error: unexpected character inside braces: ':'", 13],
  ['foo{a*"b"}', "1:6: parse error: unexpected character inside braces: '*'", 5],
  [
    'foo{gibberish}',
    '1:14: parse error: unexpected "}" in label matching, expected label matching operator',
    13,
  ],
  ['foo{1}', "1:5: parse error: unexpected character inside braces: '1'", 4],
  ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher', 0],
  ['{x=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher', 0],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"', 0],
  ['foo{__name__= =}', '1:15: parse error: unexpected "=" in label matching, expected string', 14],
  ['foo{,}', '1:5: parse error: unexpected "," in label matching, expected identifier or "}"', 4],
  [
    'foo{__name__="bar" lol}',
    '1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"',
    19,
  ],
  ['foo{"a"=}', '1:9: parse error: unexpected "}" in label matching, expected string', 8],
  ['foo[5mm]', '1:5: parse error: bad number or duration syntax: "5mm"', 4],
  ['foo[5m1]', '1:5: parse error: bad number or duration syntax: "5m1"', 4],
  ['foo[5m:1m1]', '1:8: parse error: bad number or duration syntax: "1m1"', 7],
  ['foo[5y1hs]', '1:5: parse error: unknown unit "hs" in duration "5y1hs"', 4],
  ['foo[5m1h]', '1:5: parse error: not a valid duration string: "5m1h"', 4],
  ['foo[0m]', '1:5: parse error: duration must be greater than 0', 4],
  ['foo["5m"]', `1:5: parse error: unexpected character in duration expression: '"'`, 4],
  [
    'foo[]',
    '1:5: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()',
    4,
  ],
  ['foo[-1]', '1:5: parse error: duration must be greater than 0', 4],
  ['some_metric[5m] OFFSET 1mm', '1:24: parse error: bad number or duration syntax: "1mm"', 23],
  [
    'some_metric[5m] OFFSET',
    '1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()',
    22,
  ],
  ['some_metric OFFSET 1m[5m]', '1:22: parse error: no offset modifiers allowed before range', 21],
  ['some_metric[5m] @', '1:18: parse error: unexpected end of input in @, expected timestamp', 17],
  ['some_metric @ 1234 [5m]', '1:20: parse error: no @ modifiers allowed before range', 19],
  ['some_metric @ start() [5m]', '1:23: parse error: no @ modifiers allowed before range', 22],
  ['(foo + bar)[5m]', '1:12: parse error: ranges only allowed for vector selectors', 11],
  ['sum by ("foo)(some_metric{})', '1:9: parse error: unterminated quoted string', 8],
  [
    'sum without(==)(some_metric)',
    '1:13: parse error: unexpected <op:==> in grouping opts, expected label',
    12,
  ],
  [
    'sum without(foo,,)(some_metric)',
    '1:17: parse error: unexpected "," in grouping opts, expected label',
    16,
  ],
  ['sum some_metric by (test)', '1:5: parse error: unexpected identifier "some_metric"', 4],
  [
    'sum (some_metric) by test',
    '1:22: parse error: unexpected identifier "test" in grouping opts, expected "("',
    21,
  ],
  ['sum () by (test)', '1:1: parse error: no arguments for aggregate expression provided', 0],
  ['MIN (some_metric) keep_common', '1:19: parse error: unexpected identifier "keep_common"', 18],
  ['sum (some_metric) without (test) by (test)', '1:34: parse error: unexpected <by>', 33],
  [
    'topk(some_metric)',
    '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1',
    0,
  ],
  ['topk(some_metric,)', '1:17: parse error: trailing commas not allowed in function call args', 16],
  [
    'topk(some_metric, other_metric)',
    '1:6: parse error: expected type scalar in aggregation parameter, got instant vector',
    5,
  ],
  [
    'count_values(5, other_metric)',
    '1:14: parse error: expected type string in aggregation parameter, got scalar',
    13,
  ],
  [
    'rate(some_metric[5m]) @ 1234',
    '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
    0,
  ],
  ['floor()', '1:1: parse error: expected 1 argument(s) in call to "floor", got 0', 0],
  ['floor(1)', '1:7: parse error: expected type instant vector in call to function "floor", got scalar', 6],
  [
    'hour(some_metric, some_metric, some_metric)',
    '1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3',
    0,
  ],
  [
    'non_existent_function_far_bar()',
    '1:1: parse error: unknown function with name "non_existent_function_far_bar"',
    0,
  ],
  [
    'rate(some_metric)',
    '1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    5,
  ],
  ['-=', '1:2: parse error: unexpected "="', 1],
  ['++-++-+-+-<', '1:11: parse error: unexpected <op:<>', 10],
  ['a>b()', '1:3: parse error: unknown function with name "b"', 2],
  ['`\\``', '1:4: parse error: unterminated raw string', 3],
  ['"\\', '1:1: parse error: escape sequence not terminated', 0],
  ['"\\c"', "1:1: parse error: unknown escape sequence U+0063 'c'", 0],
  ['"\\x."', "1:1: parse error: illegal character U+002E '.' in escape sequence", 0],
  ['foo{bar="baz"}[', '1:16: parse error: unexpected end of input in duration expression', 15],
  [
    'test[5d] OFFSET 10s [10m:5s]',
    '1:1: parse error: subquery is only allowed on instant vector, got matrix instead',
    0,
  ],
  ['rate(food[1m])[1h] offset 1h', '1:15: parse error: ranges only allowed for vector selectors', 14],
  [
    'info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})',
    '1:46: parse error: expected label selectors only, got vector selector instead',
    45,
  ],
  [
    'info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)',
    '1:51: parse error: expected label selectors only',
    50,
  ],
  [
    'foo[step]',
    '1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()',
    8,
  ],
  ['foo[step()/0d]', '1:11: parse error: division by zero', 10],
  ['foo offset (4d/0)', '1:15: parse error: division by zero', 14],
  ['foo[5s%0d]', '1:7: parse error: modulo by zero', 6],
  ['foo offset 9.5e10', '1:12: parse error: duration out of range', 11],
  ['foo[9.5e10]', '1:5: parse error: duration out of range', 4],
  ['sum(rate(', '1:10: parse error: unclosed left parenthesis', 9],
  ['foo[5s x 5s]', "1:8: parse error: unexpected character: 'x', expected ':'", 7],
  ['1[5m] smoothed', '1:2: parse error: ranges only allowed for vector selectors', 1],
  ['foo\n  + ', '2:5: parse error: unexpected end of input', 8],
  ['{"ä"="x"} + *', '1:14: parse error: unexpected <op:*>', 12],
]

describe('parse errors', () => {
  it.each(cases)('%j', (input, message, start) => {
    const err = parseError(input)
    expect(err.message).toBe(message)
    expect(err.code).toBe('ERR_PROMQL_PARSE')
    expect(err.positionRange.start).toBe(start)
  })

  it('can switch experimental syntax off, with upstream messages', () => {
    const off = {
      experimentalFunctions: false,
      durationExpressions: false,
      extendedRangeSelectors: false,
      binopFillModifiers: false,
    }
    const bad = (q: string): string => {
      try {
        parseExpr(q, off)
      } catch (err) {
        return (err as Error).message
      }
      return 'no error'
    }
    expect(bad('sort_by_label(foo, "a")')).toBe('1:1: parse error: function "sort_by_label" is not enabled')
    expect(bad('limitk(1, foo)')).toBe(
      '1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
    )
    expect(bad('foo[5m+1m]')).toBe('1:5: parse error: experimental duration expression is not enabled')
    expect(bad('rate(foo[5m] anchored)')).toBe(
      '1:6: parse error: anchored modifier is experimental and not enabled',
    )
    expect(bad('a + fill(0) b')).toBe(
      '1:1: parse error: binop fill modifiers are experimental and not enabled',
    )
    expect(parseExpr('rate(foo[5m]) + 1', off).type).toBe('BinaryExpr')
  })
})
