import type { Matcher } from '@watchfire/model'
import type {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  BinaryOp,
  Call,
  Expr,
  VectorMatching,
  VectorSelector,
} from './ast.js'
import { checkAst } from './check.js'
import { numberLiteral } from './duration-parser.js'
import { getFunction } from './functions.js'
import { checkNesting, MAX_NESTING, TOO_DEEP } from './nesting.js'
import { parsePostfix } from './postfix-parser.js'
import { parseGroupingLabels, parseLabelMatchers, vectorSelector } from './selector-parser.js'
import { quoteString, unquoteString } from './strings.js'
import { TokenStream, type ParseOptions } from './token-stream.js'
import { AGGREGATORS, METRIC_NAME_KEYWORDS, PREPROCESSORS, type Token } from './tokens.js'

// Operator precedence, lowest first: or; and unless; comparisons and trims; + -; * / % atan2; ^
// (right-associative). Unary +/- binds tighter than * but looser than ^ (-2^2 is -4).
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '</': 3,
  '>/': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
}
const POW_PRECEDENCE = 6
const PARAM_AGGREGATORS: ReadonlySet<string> = new Set([
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
])

/**
 * Parses a PromQL expression (Prometheus 3.x grammar) into an AST and type-checks it.
 * Experimental syntax is accepted unless switched off in `options`.
 * Throws PromQLParseError with Prometheus's message and position on invalid input.
 */
export function parseExpr(input: string, options: ParseOptions = {}): Expr {
  const ts = new TokenStream(input, options)
  if (ts.at('EOF')) ts.fail({ start: 0, end: 0 }, 'no expression found in input')
  const expr = parseBinary(ts, 1)
  if (!ts.at('EOF')) ts.unexpected()
  checkNesting(ts, expr)
  checkAst(ts, expr)
  return expr
}

/**
 * Parses a series selector such as `up{job="api"}` or `{__name__=~"x.*"}` (the `match[]` syntax
 * of the HTTP API) into its matchers, the metric name becoming a `__name__` matcher. As upstream,
 * no type checks run: callers decide whether an all-empty selector is acceptable.
 */
export function parseMetricSelector(input: string, options: ParseOptions = {}): Matcher[] {
  const ts = new TokenStream(input, options)
  const t = ts.peek()
  const named = t.kind === 'IDENTIFIER' || t.kind === 'METRIC_IDENTIFIER' || METRIC_NAME_KEYWORDS.has(t.kind)
  if (!named && t.kind !== '{') ts.unexpected()
  const selector = parseSelector(ts, named ? t : undefined)
  if (!ts.at('EOF')) ts.unexpected()
  return selector.matchers
}

function parseFillValue(ts: TokenStream): number {
  ts.expect('(')
  const sign = ts.accept('+') ?? ts.accept('-')
  const t = ts.peek()
  if (t.kind !== 'NUMBER' && t.kind !== 'DURATION') ts.unexpected()
  ts.next()
  ts.expect(')')
  const value = numberLiteral(ts, t).value
  return sign?.kind === '-' ? -value : value
}

function parseBinaryModifiers(ts: TokenStream): { returnBool: boolean; matching: VectorMatching } {
  const returnBool = ts.accept('bool') !== undefined
  const matching: VectorMatching = {
    card: 'one-to-one',
    matchingLabels: [],
    on: false,
    include: [],
    fillValues: { lhs: null, rhs: null },
  }
  const onOrIgnoring = ts.accept('on') ?? ts.accept('ignoring')
  if (onOrIgnoring !== undefined) {
    matching.on = onOrIgnoring.kind === 'on'
    matching.matchingLabels = parseGroupingLabels(ts)
    const group = ts.accept('group_left') ?? ts.accept('group_right')
    if (group !== undefined) {
      matching.card = group.kind === 'group_left' ? 'many-to-one' : 'one-to-many'
      if (ts.at('(')) matching.include = parseGroupingLabels(ts)
    }
  }
  const fills = matching.fillValues
  if (ts.accept('fill') !== undefined) {
    fills.lhs = fills.rhs = parseFillValue(ts)
  } else if (ts.accept('fill_left') !== undefined) {
    fills.lhs = parseFillValue(ts)
    if (ts.accept('fill_right') !== undefined) fills.rhs = parseFillValue(ts)
  } else if (ts.accept('fill_right') !== undefined) {
    fills.rhs = parseFillValue(ts)
    if (ts.accept('fill_left') !== undefined) fills.lhs = parseFillValue(ts)
  }
  return { returnBool, matching }
}

function parseBinary(ts: TokenStream, minPrecedence: number): Expr {
  // Every nested construct (parentheses, arguments, operands) comes through here.
  if (++ts.depth > MAX_NESTING) ts.fail(ts.peek(), TOO_DEEP)
  let lhs = parseUnary(ts)
  for (;;) {
    const op = ts.peek()
    const precedence = PRECEDENCE[op.kind]
    if (precedence === undefined || precedence < minPrecedence) {
      ts.depth--
      return lhs
    }
    ts.next()
    const { returnBool, matching } = parseBinaryModifiers(ts)
    const rhs = parseBinary(ts, op.kind === '^' ? precedence : precedence + 1)
    const node: BinaryExpr = {
      type: 'BinaryExpr',
      op: op.kind as BinaryOp,
      lhs,
      rhs,
      returnBool,
      vectorMatching: matching,
      pos: { start: lhs.pos.start, end: rhs.pos.end },
    }
    const fills = matching.fillValues
    if (!ts.options.binopFillModifiers && (fills.lhs !== null || fills.rhs !== null)) {
      ts.fail(node.pos, 'binop fill modifiers are experimental and not enabled')
    }
    lhs = node
  }
}

function parseUnary(ts: TokenStream): Expr {
  const op = ts.peek()
  if (op.kind !== '+' && op.kind !== '-') return parsePostfix(ts, parsePrimary(ts))
  ts.next()
  const operand = parseBinary(ts, POW_PRECEDENCE)
  if (operand.type === 'NumberLiteral') {
    if (op.kind === '-') operand.value = -operand.value
    operand.pos.start = op.start
    return operand
  }
  return { type: 'UnaryExpr', op: op.kind, expr: operand, pos: { start: op.start, end: operand.pos.end } }
}

function parseArgs(ts: TokenStream, context = ''): Expr[] {
  ts.expect('(', context)
  const args: Expr[] = []
  if (ts.accept(')') !== undefined) return args
  for (;;) {
    args.push(parseBinary(ts, 1))
    const comma = ts.accept(',')
    if (comma === undefined) break
    if (ts.at(')')) ts.fail(comma, 'trailing commas not allowed in function call args')
  }
  ts.expect(')')
  return args
}

function parseCall(ts: TokenStream): Call {
  const name = ts.next()
  const args = parseArgs(ts)
  const func = getFunction(name.text) ?? ts.fail(name, `unknown function with name ${quoteString(name.text)}`)
  if (func.experimental && !ts.options.experimentalFunctions)
    ts.fail(name, `function ${quoteString(name.text)} is not enabled`)
  return { type: 'Call', func, args, pos: { start: name.start, end: ts.lastEnd } }
}

function parseGrouping(ts: TokenStream): { grouping: string[]; without: boolean } {
  const without = ts.next().kind === 'without'
  return { grouping: parseGroupingLabels(ts), without }
}

function parseAggregate(ts: TokenStream): AggregateExpr {
  const opToken = ts.next()
  const op = opToken.kind as AggregateOp
  const before = ts.at('by') || ts.at('without') ? parseGrouping(ts) : undefined
  const args = parseArgs(ts, 'aggregation')
  const { grouping, without } =
    before ?? (ts.at('by') || ts.at('without') ? parseGrouping(ts) : { grouping: [], without: false })
  const pos = { start: opToken.start, end: ts.lastEnd }
  if (args.length === 0) ts.fail(pos, 'no arguments for aggregate expression provided')
  const wanted = PARAM_AGGREGATORS.has(op) ? 2 : 1
  if (wanted === 2 && (op === 'limitk' || op === 'limit_ratio') && !ts.options.experimentalFunctions) {
    ts.fail(
      pos,
      `${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`,
    )
  }
  if (args.length !== wanted) {
    ts.fail(
      pos,
      `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`,
    )
  }
  const expr = args[wanted - 1] as Expr
  return {
    type: 'AggregateExpr',
    op,
    expr,
    param: wanted === 2 ? (args[0] as Expr) : null,
    grouping,
    without,
    pos,
  }
}

function parseSelector(ts: TokenStream, nameToken: Token | undefined): VectorSelector {
  if (nameToken !== undefined) ts.next()
  const name = nameToken?.text ?? ''
  if (!ts.at('{'))
    return vectorSelector(name, [], { start: (nameToken as Token).start, end: (nameToken as Token).end })
  const start = nameToken?.start ?? ts.peek().start
  const { matchers, close } = parseLabelMatchers(ts)
  return vectorSelector(name, matchers, { start, end: close.end })
}

function parsePrimary(ts: TokenStream): Expr {
  const t = ts.peek()
  const followedByParen = ts.peek(1).kind === '('
  switch (t.kind) {
    case 'NUMBER':
    case 'DURATION':
      ts.next()
      return numberLiteral(ts, t)
    case 'STRING':
      ts.next()
      return { type: 'StringLiteral', value: unquoteString(t.text), pos: { start: t.start, end: t.end } }
    case '(': {
      ts.next()
      const expr = parseBinary(ts, 1)
      const close = ts.expect(')')
      return { type: 'ParenExpr', expr, pos: { start: t.start, end: close.end } }
    }
    case '{':
      return parseSelector(ts, undefined)
    case 'IDENTIFIER':
      return followedByParen ? parseCall(ts) : parseSelector(ts, t)
    case 'METRIC_IDENTIFIER':
      return parseSelector(ts, t)
  }
  if (
    AGGREGATORS.has(t.kind) &&
    (followedByParen || ts.peek(1).kind === 'by' || ts.peek(1).kind === 'without')
  ) {
    return parseAggregate(ts)
  }
  if (PREPROCESSORS.has(t.kind) && followedByParen) return parseCall(ts)
  // Most keywords double as metric names where an expression starts: `sum`, `offset`, `by`, …
  if (METRIC_NAME_KEYWORDS.has(t.kind)) return parseSelector(ts, t)
  ts.unexpected()
}
