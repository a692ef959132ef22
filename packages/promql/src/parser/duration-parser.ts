import type { DurationExpr, DurationNode, DurationOp, NumberLiteral, PositionRange } from './ast.js'
import { DurationSyntaxError, parseDuration } from './durations.js'
import { MAX_NESTING, TOO_DEEP } from './nesting.js'
import { parseNumber } from './numbers.js'
import type { TokenStream } from './token-stream.js'
import type { Token } from './tokens.js'

/** Durations are Go `time.Duration`s upstream: int64 nanoseconds, about ±292 years. */
const MAX_DURATION_SECONDS = 2 ** 63 / 1e9

const binaryPrecedence: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 3 }
const POW_PRECEDENCE = 3

/** Where a bracket or offset duration is being parsed, for "unexpected … in <context>" errors. */
export interface DurationContext {
  context: string
  expected: string
}

/** Converts a duration in seconds (as NumberLiterals hold it) to integer milliseconds. */
export function secondsToMs(seconds: number): number {
  return Math.trunc(Math.round(seconds * 1e9) / 1e6)
}

/** Builds a NumberLiteral from a NUMBER or DURATION token (durations become seconds). */
export function numberLiteral(ts: TokenStream, t: Token): NumberLiteral {
  const pos = { start: t.start, end: t.end }
  if (t.kind === 'NUMBER') {
    try {
      return { type: 'NumberLiteral', value: parseNumber(t.text), duration: false, pos }
    } catch (err) {
      ts.fail(pos, `error parsing number: ${(err as Error).message}`)
    }
  }
  let ms: number
  try {
    ms = parseDuration(t.text)
  } catch (err) {
    if (err instanceof DurationSyntaxError) ts.fail(pos, err.message)
    throw err
  }
  // Seconds computed as Go's Duration.Seconds() does, so values match upstream bit for bit.
  const value = Math.trunc(ms / 1000) + ((ms % 1000) * 1e6) / 1e9
  return { type: 'NumberLiteral', value, duration: true, pos }
}

function checkedLiteral(ts: TokenStream, lit: NumberLiteral, errorRange: PositionRange): NumberLiteral {
  if (lit.value > MAX_DURATION_SECONDS || lit.value < -MAX_DURATION_SECONDS)
    ts.fail(errorRange, 'duration out of range')
  return lit
}

function durationExpr(
  ts: TokenStream,
  op: DurationOp,
  lhs: DurationNode | null,
  rhs: DurationNode | null,
  pos: PositionRange,
): DurationExpr {
  if (!ts.options.durationExpressions) ts.fail(pos, 'experimental duration expression is not enabled')
  return { type: 'DurationExpr', op, lhs, rhs, wrapped: false, pos }
}

function wrap(ts: TokenStream, node: DurationNode, pos: PositionRange): DurationExpr {
  if (node.type === 'DurationExpr') {
    if (!ts.options.durationExpressions) ts.fail(node.pos, 'experimental duration expression is not enabled')
    node.wrapped = true
    node.pos = pos
    return node
  }
  const wrapped = durationExpr(ts, '+', null, node, pos)
  wrapped.wrapped = true
  return wrapped
}

function applyUnary(ts: TokenStream, op: Token, node: DurationNode): DurationNode {
  const pos = { start: op.start, end: node.pos.end }
  if (node.type === 'DurationExpr') return op.kind === '-' ? durationExpr(ts, '-', null, node, pos) : node
  if (op.kind === '-') node.value = -node.value
  node.pos = pos
  return checkedLiteral(ts, node, op)
}

/** step(), range(), min_of(a, b), max_of(a, b) or a parenthesised expression, if one starts here. */
function parseCallOrParen(ts: TokenStream, ctx: DurationContext): DurationNode | undefined {
  const t = ts.peek()
  if (t.kind === 'step' || t.kind === 'range') {
    ts.next()
    ts.expect('(', ctx.context, ctx.expected)
    const close = ts.expect(')', ctx.context, ctx.expected)
    return durationExpr(ts, t.kind, null, null, { start: t.start, end: close.end })
  }
  if (t.kind === 'min_of' || t.kind === 'max_of') {
    ts.next()
    ts.expect('(', ctx.context, ctx.expected)
    const lhs = parseBinary(ts, 1, ctx)
    ts.expect(',', ctx.context, ctx.expected)
    const rhs = parseBinary(ts, 1, ctx)
    const close = ts.expect(')', ctx.context, ctx.expected)
    return durationExpr(ts, t.kind, lhs, rhs, { start: t.start, end: close.end })
  }
  if (t.kind === '(') {
    ts.next()
    const inner = parseBinary(ts, 1, ctx)
    const close = ts.expect(')', ctx.context, ctx.expected)
    return wrap(ts, inner, { start: t.start, end: close.end })
  }
  return undefined
}

function parsePrimary(ts: TokenStream, ctx: DurationContext): DurationNode {
  const t = ts.peek()
  if (t.kind === 'NUMBER' || t.kind === 'DURATION') {
    ts.next()
    return checkedLiteral(ts, numberLiteral(ts, t), t)
  }
  return parseCallOrParen(ts, ctx) ?? ts.unexpected(ctx.context, ctx.expected)
}

function parseUnary(ts: TokenStream, ctx: DurationContext): DurationNode {
  const t = ts.peek()
  if (t.kind !== '+' && t.kind !== '-') return parsePrimary(ts, ctx)
  ts.next()
  // Like unary operators in expressions, a sign binds more loosely than `^`.
  return applyUnary(ts, t, parseBinary(ts, POW_PRECEDENCE, ctx))
}

function parseBinary(ts: TokenStream, minPrecedence: number, ctx: DurationContext): DurationNode {
  if (++ts.depth > MAX_NESTING) ts.fail(ts.peek(), TOO_DEEP)
  let lhs = parseUnary(ts, ctx)
  for (;;) {
    const op = ts.peek()
    const precedence = binaryPrecedence[op.kind]
    if (precedence === undefined || precedence < minPrecedence) {
      ts.depth--
      return lhs
    }
    ts.next()
    const rhs = parseBinary(ts, op.kind === '^' ? precedence : precedence + 1, ctx)
    if (rhs.type === 'NumberLiteral' && rhs.value === 0 && (op.kind === '/' || op.kind === '%')) {
      ts.fail(op, op.kind === '/' ? 'division by zero' : 'modulo by zero')
    }
    lhs = durationExpr(ts, op.kind as DurationOp, lhs, rhs, { start: lhs.pos.start, end: rhs.pos.end })
  }
}

/** Parses the full duration expression of a range or subquery step (inside `[...]`). */
export function parseDurationExpr(ts: TokenStream, ctx: DurationContext): DurationNode {
  return parseBinary(ts, 1, ctx)
}

/**
 * Parses what follows `offset`: a single, optionally signed, literal, `step()`, `range()`,
 * `min_of(...)`/`max_of(...)` or parenthesised duration expression. Anything after it belongs
 * to the enclosing expression, so `foo offset 1m + 2` adds 2 to the offset selector.
 */
export function parseOffsetDuration(ts: TokenStream): DurationNode {
  const ctx = { context: 'offset', expected: 'number, duration, step(), or range()' }
  const sign = ts.peek().kind === '+' || ts.peek().kind === '-' ? ts.next() : undefined
  const t = ts.peek()
  let node: DurationNode
  if (t.kind === 'NUMBER' || t.kind === 'DURATION') {
    ts.next()
    node = numberLiteral(ts, t)
    if (sign === undefined) return checkedLiteral(ts, node, t)
  } else {
    node = parseCallOrParen(ts, ctx) ?? ts.unexpected(ctx.context, ctx.expected)
  }
  return sign === undefined ? node : applyUnary(ts, sign, node)
}
