import { describe, expect, it } from 'vitest'
import { parseExpr } from './parser.js'
import { formatExpr } from './printer.js'

// [input, canonical form]; an empty canonical form means "prints back unchanged".
const cases: Array<[string, string]> = [
  ['sum by() (task:errors:rate10s{job="s"})', 'sum(task:errors:rate10s{job="s"})'],
  ['sum by(code) (task:errors:rate10s{job="s"})', 'sum by (code) (task:errors:rate10s{job="s"})'],
  ['sum without() (task:errors:rate10s{job="s"})', 'sum without () (task:errors:rate10s{job="s"})'],
  ['SUM(rate(foo{a="b"}[5m])) BY (job)', 'sum by (job) (rate(foo{a="b"}[5m]))'],
  ['sum by("foo.bar") (x)', 'sum by ("foo.bar") (x)'],
  ['count by("ööö", job) (foo)', 'count by ("ööö", job) (foo)'],
  ['topk(5, task:errors:rate10s{job="s"})', ''],
  ['count_values("value", x)', ''],
  ['quantile without(a,) (0.9, x)', 'quantile without (a) (0.9, x)'],
  ['a - on() c', 'a - on () c'],
  ['a - on(b) group_left(x, y) c', 'a - on (b) group_left (x, y) c'],
  ['a - on(b) group_left c', 'a - on (b) group_left () c'],
  ['a - on(b) group_left() (c)', 'a - on (b) group_left () (c)'],
  ['a - ignoring() c', 'a - c'],
  ['a - ignoring() group_left c', 'a - ignoring () group_left () c'],
  ['a + fill(-23) b', 'a + fill (-23) b'],
  ['a + fill_left(5) fill_right(5) b', 'a + fill (5) b'],
  ['a + fill_right(1e6) fill_left(-0.5) b', 'a + fill_left (-0.5) fill_right (1e+06) b'],
  ['a + on(b) group_left fill(-23) c', 'a + on (b) group_left () fill (-23) c'],
  ['up > bool 0', ''],
  ['a and on(x) b', 'a and on (x) b'],
  ['1 + 2 * -3', ''],
  ['-(1 + 2) ^ -x', ''],
  ['a offset 1m', ''],
  ['a offset -7m', ''],
  ['a offset 90s', 'a offset 1m30s'],
  ['a[5m] offset 1m', ''],
  ['a[1h:5m] offset 1m', ''],
  ['a[1h:] @ 100', 'a[1h:] @ 100.000'],
  ['a @ 10', 'a @ 10.000'],
  ['a @ -1500ms', 'a @ -1.500'],
  ['a[1m] @ end()', ''],
  ['a{b="c"}[5m] anchored @ start() offset 1m', ''],
  ['a smoothed', ''],
  ['a @ start() offset 1m', ''],
  ['foo offset 1m @ 5', 'foo @ 5.000 offset 1m'],
  ['{__name__="a"}', ''],
  ['{"my.metric"}', '{__name__="my.metric"}'],
  ['{"my.metric", "a.b"="x", c=~"d"}', '{"a.b"="x",__name__="my.metric",c=~"d"}'],
  ['a{b!~"c", a!="z"}[1m]', 'a{a!="z",b!~"c"}[1m]'],
  ['{"0"="1"}', ''],
  ['{"_0"="1"}', '{_0="1"}'],
  ['{``="0"}', '{""="0"}'],
  ["foo{a='b\\'c'}", 'foo{a="b\'c"}'],
  ['foo{a=`\\d+\\n`}', 'foo{a="\\\\d+\\\\n"}'],
  ['"\\u00e4\\x41\\101\\t\\x7f\\U0001F600"', '"äAA\\t\\x7f😀"'],
  ['"a\\xc5z"', ''],
  ['1048576', ''],
  ['1e3', '1000'],
  ['0x1F + 010 + 1_000', '31 + 8 + 1000'],
  ['.5 + 1e-7', '0.5 + 0.0000001'],
  ['Inf + -inf + NaN', '+Inf + -Inf + NaN'],
  ['5m', ''],
  ['-1h30m', ''],
  ['foo[1800]', 'foo[30m]'],
  ['foo[1.5]', 'foo[1s500ms]'],
  ['foo[step()]', ''],
  ['foo[-step()]', ''],
  ['foo[(step())]', ''],
  ['foo offset -(step())', ''],
  ['foo offset +(5)', 'foo offset (5)'],
  ['foo offset (5m)', ''],
  ['foo[(5m):(1m)]', ''],
  ['foo offset +min_of(10s, 20s)', 'foo offset min_of(10s, 20s)'],
  ['foo offset -min_of(10s, +max_of(step() ^ 2, 2))', 'foo offset -min_of(10s, max_of(step() ^ 2, 2))'],
  ['foo[200-min_of(-step()^+step(),1)]', 'foo[200 - min_of(-step() ^ step(), 1)]'],
  ['foo[max_of(range(), 5s)]', ''],
  ['foo[26m+4m:1m*2]', 'foo[26m + 4m:1m * 2]'],
  ['foo offset 2 ^ 2', 'foo offset 2s ^ 2'],
  ['predict_linear(foo[1h], 3000)', ''],
  ['label_join(up, "x", ",", "a", "b")', ''],
  ['rate(x[5m])[30m:1m]', ''],
  ['(a + b)[5m:]', ''],
  ['sum(x) by (y) [5m:]', 'sum by (y) (x)[5m:]'],
  ['h </ 1.5 >/ 0', ''],
  ['fill + fill(0) fill', 'fill + fill (0) fill'],
  ['sum + count{a="b"} offset 5m', ''],
  ['offset offset 1m', ''],
  ['time() - start() + step()', ''],
]

describe('formatExpr', () => {
  it.each(cases)('%s', (input, expected) => {
    const printed = formatExpr(parseExpr(input))
    expect(printed).toBe(expected === '' ? input : expected)
    expect(formatExpr(parseExpr(printed))).toBe(printed)
  })

  it('rejects atan2 as a function name, as upstream does', () => {
    expect(() => parseExpr('atan2(1, 2)')).toThrow('unexpected <op:atan2>')
  })
})
