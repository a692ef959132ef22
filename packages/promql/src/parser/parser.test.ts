import { describe, expect, it } from 'vitest'
import { typeOf, type Expr, type ValueType } from './ast.js'
import { parseExpr, parseMetricSelector } from './parser.js'
import { formatExpr } from './printer.js'

/** The tree with every operator node made explicit: (op lhs rhs), (-u x), [paren]. */
function tree(e: Expr): string {
  switch (e.type) {
    case 'BinaryExpr':
      return `(${e.op} ${tree(e.lhs)} ${tree(e.rhs)})`
    case 'UnaryExpr':
      return `(${e.op}u ${tree(e.expr)})`
    case 'ParenExpr':
      return `[${tree(e.expr)}]`
    default:
      return formatExpr(e)
  }
}

const precedence: Array<[string, string]> = [
  ['1 + 2 * 3', '(+ 1 (* 2 3))'],
  ['1 * 2 + 3', '(+ (* 1 2) 3)'],
  ['a - b - c', '(- (- a b) c)'],
  ['2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
  ['-2 ^ 2', '(-u (^ 2 2))'],
  ['-a * b', '(* (-u a) b)'],
  ['a * -b ^ c', '(* a (-u (^ b c)))'],
  ['a ^ -b * c', '(* (^ a (-u b)) c)'],
  ['a atan2 b * c', '(* (atan2 a b) c)'],
  ['a % b + c / d', '(+ (% a b) (/ c d))'],
  ['a == b + c', '(== a (+ b c))'],
  ['a > b </ c', '(</ (> a b) c)'],
  ['a or b and c', '(or a (and b c))'],
  ['a and b unless c', '(unless (and a b) c)'],
  ['a or b unless c == d', '(or a (unless b (== c d)))'],
  ['a + b offset 5m', '(+ a b offset 5m)'],
  ['-rate(foo[5m:1m])', '(-u rate(foo[5m:1m]))'],
  ['- - 1', '1'],
  ['-(1)', '(-u [1])'],
  ['foo offset 1m + 2', '(+ foo offset 1m 2)'],
  ['foo offset -2 ^ 2', '(^ foo offset -2s 2)'],
  ['foo offset -2 * 2', '(* foo offset -2s 2)'],
  ['foo offset (-2 ^ 2)', 'foo offset (-2 ^ 2)'],
]

const types: Array<[string, ValueType]> = [
  ['1', 'scalar'],
  ['"a"', 'string'],
  ['foo', 'vector'],
  ['foo[5m]', 'matrix'],
  ['foo[5m:]', 'matrix'],
  ['1 + 1', 'scalar'],
  ['1 + foo', 'vector'],
  ['-(foo)', 'vector'],
  ['time()', 'scalar'],
  ['scalar(foo)', 'scalar'],
  ['sum(foo)', 'vector'],
  ['rate(foo[1m])', 'vector'],
]

describe('parseExpr', () => {
  it.each(precedence)('%s groups as %s', (input, expected) => {
    expect(tree(parseExpr(input))).toBe(expected)
  })

  it.each(types)('%s has type %s', (input, expected) => {
    expect(typeOf(parseExpr(input))).toBe(expected)
  })

  it('builds vector selectors with the implied name matcher last', () => {
    const e = parseExpr('foo{a="b", c=~"d|e"} offset -5m @ 10.5 ')
    expect(e.type).toBe('VectorSelector')
    if (e.type !== 'VectorSelector') return
    expect(e.name).toBe('foo')
    expect(e.matchers.map((m) => [m.type, m.name, m.value])).toEqual([
      ['=', 'a', 'b'],
      ['=~', 'c', 'd|e'],
      ['=', '__name__', 'foo'],
    ])
    expect(e.offsetMs).toBe(-300_000)
    expect(e.atMs).toBe(10_500)
    expect(e.pos).toEqual({ start: 0, end: 38 })
  })

  it('keeps ranges, steps and offsets as milliseconds, or as duration expressions', () => {
    const e = parseExpr('sum_over_time(x[29s+1s:10s] offset (1m*2) @ end())')
    if (e.type !== 'Call') throw new Error('not a call')
    const sq = e.args[0]
    if (sq?.type !== 'SubqueryExpr') throw new Error('not a subquery')
    expect(sq.rangeMs).toBe(0)
    expect(sq.rangeExpr).toMatchObject({ op: '+', lhs: { value: 29, duration: true }, rhs: { value: 1 } })
    expect(sq.stepMs).toBe(10_000)
    expect(sq.offsetExpr).toMatchObject({ op: '*', wrapped: true })
    expect(sq.atStartOrEnd).toBe('end')
    expect(e.func).toMatchObject({ name: 'sum_over_time', argTypes: ['matrix'], returnType: 'vector' })
  })

  it('records binary modifiers and normalises vector matching', () => {
    const e = parseExpr('a / ignoring(x) group_right(y) fill_left(1) b')
    expect(e).toMatchObject({
      op: '/',
      vectorMatching: {
        card: 'one-to-many',
        matchingLabels: ['x'],
        on: false,
        include: ['y'],
        fillValues: { lhs: 1, rhs: null },
      },
    })
    expect(parseExpr('a and b')).toMatchObject({ vectorMatching: { card: 'many-to-many' } })
    expect(parseExpr('a * 2')).toMatchObject({ vectorMatching: null })
    expect(parseExpr('a > bool 2')).toMatchObject({ returnBool: true })
  })

  it('parses aggregations with the modifier before or after, and their parameter', () => {
    const before = parseExpr('topk by (job) (3, foo)')
    const after = parseExpr('topk(3, foo) by (job)')
    expect(before).toMatchObject({ op: 'topk', grouping: ['job'], without: false, param: { value: 3 } })
    expect(formatExpr(after)).toBe(formatExpr(before))
    expect(parseExpr('sum without (a, "b.c") (x)')).toMatchObject({
      grouping: ['a', 'b.c'],
      without: true,
      param: null,
    })
  })

  it('treats keywords as metric names where an expression starts', () => {
    expect(parseExpr('sum + by')).toMatchObject({ lhs: { name: 'sum' }, rhs: { name: 'by' } })
    expect(parseExpr('sum{a="b"}')).toMatchObject({ type: 'VectorSelector', name: 'sum' })
    expect(parseExpr('start')).toMatchObject({ type: 'VectorSelector', name: 'start' })
    expect(parseExpr('start()')).toMatchObject({ type: 'Call', func: { name: 'start' } })
  })

  it('accepts comments and newlines', () => {
    expect(formatExpr(parseExpr('sum( # total\n  foo{a="b", # why\n} )'))).toBe('sum(foo{a="b"})')
  })

  it('sets anchored and smoothed on the selector', () => {
    expect(parseExpr('rate(foo[5m] smoothed)')).toMatchObject({
      args: [{ vectorSelector: { smoothed: true, anchored: false } }],
    })
    expect(() => parseExpr('foo[5m] smoothed anchored')).toThrow(
      'anchored and smoothed modifiers cannot be used together',
    )
    expect(() => parseExpr('foo[5m:] anchored')).toThrow('anchored modifier is not supported for subqueries')
  })
})

describe('parseMetricSelector', () => {
  it.each([
    ['up', ['=,__name__,up']],
    ['up{job="api",a!~"b"}', ['=,job,api', '!~,a,b', '=,__name__,up']],
    ['{"my.metric",x=~".*"}', ['=,__name__,my.metric', '=~,x,.*']],
    ['sum', ['=,__name__,sum']],
  ])('%s', (input, expected) => {
    expect(parseMetricSelector(input).map((m) => `${m.type},${m.name},${m.value}`)).toEqual(expected)
  })

  it.each([
    ['up + 1', '1:4: parse error: unexpected <op:+>'],
    ['rate(x[5m])', '1:5: parse error: unexpected "("'],
    ['', 'unknown position: parse error: unexpected end of input'],
  ])('rejects %j', (input, message) => {
    expect(() => parseMetricSelector(input)).toThrow(message)
  })
})
