import type {
  AtStartOrEnd,
  DurationExpr,
  DurationNode,
  Expr,
  MatrixSelector,
  SubqueryExpr,
  VectorSelector,
} from './ast.js'
import { numberLiteral, parseDurationExpr, parseOffsetDuration, secondsToMs } from './duration-parser.js'
import type { TokenStream } from './token-stream.js'

// Postfix modifiers bind tighter than any operator: `a + b offset 5m` offsets only b, and
// `-foo[5m]` negates the range selector. They apply to whatever expression precedes them and are
// rejected (as in Prometheus) unless that is a selector or subquery.

/** A node that carries offset and `@`: a vector selector (also inside a range) or a subquery. */
type ModifierTarget = VectorSelector | SubqueryExpr

function modifierTarget(ts: TokenStream, expr: Expr, what: string): ModifierTarget {
  switch (expr.type) {
    case 'VectorSelector':
    case 'SubqueryExpr':
      return expr
    case 'MatrixSelector':
      return expr.vectorSelector
    default:
      ts.fail(
        expr.pos,
        `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`,
      )
  }
}

function checkPositive(ts: TokenStream, node: DurationNode): void {
  if (node.type === 'NumberLiteral' && node.value <= 0) ts.fail(node.pos, 'duration must be greater than 0')
}

function split(node: DurationNode): { ms: number; expr: DurationExpr | null } {
  return node.type === 'NumberLiteral' ? { ms: secondsToMs(node.value), expr: null } : { ms: 0, expr: node }
}

function parseRangeOrSubquery(ts: TokenStream, expr: Expr): MatrixSelector | SubqueryExpr {
  const open = ts.next()
  const range = parseDurationExpr(ts, {
    context: 'subquery or range selector',
    expected: 'number, duration, step(), or range()',
  })
  checkPositive(ts, range)
  const { ms: rangeMs, expr: rangeExpr } = split(range)
  const close = ts.accept(']')
  if (close !== undefined) {
    const bracketRange = { start: open.start, end: close.end }
    if (expr.type !== 'VectorSelector') ts.fail(bracketRange, 'ranges only allowed for vector selectors')
    if (expr.offsetMs !== 0 || expr.offsetExpr !== null)
      ts.fail(bracketRange, 'no offset modifiers allowed before range')
    if (expr.atMs !== null || expr.atStartOrEnd !== null)
      ts.fail(bracketRange, 'no @ modifiers allowed before range')
    return {
      type: 'MatrixSelector',
      vectorSelector: expr,
      rangeMs,
      rangeExpr,
      pos: { start: expr.pos.start, end: close.end },
    }
  }
  ts.expect(':', 'subquery or range', '":" or "]"')
  let step: { ms: number; expr: DurationExpr | null } = { ms: 0, expr: null }
  if (!ts.at(']')) {
    const stepNode = parseDurationExpr(ts, {
      context: 'subquery selector',
      expected: 'number, duration, step(), range(), or "]"',
    })
    checkPositive(ts, stepNode)
    step = split(stepNode)
  }
  const end = ts.expect(']', 'subquery selector', '"]"').end
  return {
    type: 'SubqueryExpr',
    expr,
    rangeMs,
    rangeExpr,
    stepMs: step.ms,
    stepExpr: step.expr,
    offsetMs: 0,
    offsetExpr: null,
    atMs: null,
    atStartOrEnd: null,
    pos: { start: expr.pos.start, end },
  }
}

function applyOffset(ts: TokenStream, expr: Expr): void {
  const offset = parseOffsetDuration(ts)
  const target = modifierTarget(ts, expr, 'offset')
  if (target.offsetMs !== 0 || target.offsetExpr !== null)
    ts.fail(expr.pos, 'offset may not be set multiple times')
  const { ms, expr: offsetExpr } = split(offset)
  target.offsetMs = ms
  target.offsetExpr = offsetExpr
  expr.pos.end = ts.lastEnd
}

function formatGoFixed6(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  return Math.abs(v) < 1e21 ? v.toFixed(6) : `${BigInt(v)}.000000`
}

function applyAt(ts: TokenStream, expr: Expr): void {
  let timestamp: number | null = null
  let startOrEnd: AtStartOrEnd | null = null
  const t = ts.peek()
  if (t.kind === 'start' || t.kind === 'end') {
    ts.next()
    ts.expect('(', '@', 'timestamp')
    ts.expect(')', '@', 'timestamp')
    startOrEnd = t.kind
  } else {
    const sign = ts.accept('+') ?? ts.accept('-')
    const n = ts.peek()
    if (n.kind !== 'NUMBER' && n.kind !== 'DURATION') ts.unexpected('@', 'timestamp')
    ts.next()
    const value = numberLiteral(ts, n).value
    timestamp = sign?.kind === '-' ? -value : value
    if (!Number.isFinite(timestamp) || Math.abs(timestamp) >= 2 ** 63) {
      ts.fail(expr.pos, `timestamp out of bounds for @ modifier: ${formatGoFixed6(timestamp)}`)
    }
  }
  const target = modifierTarget(ts, expr, '@')
  if (target.atMs !== null || target.atStartOrEnd !== null)
    ts.fail(expr.pos, '@ <timestamp> may not be set multiple times')
  target.atMs = timestamp === null ? null : Math.round(timestamp * 1000)
  target.atStartOrEnd = startOrEnd
  expr.pos.end = ts.lastEnd
}

function applyExtendedModifier(ts: TokenStream, expr: Expr, kind: 'anchored' | 'smoothed'): void {
  if (!ts.options.extendedRangeSelectors)
    ts.fail(expr.pos, `${kind} modifier is experimental and not enabled`)
  if (expr.type === 'SubqueryExpr') ts.fail(expr.pos, `${kind} modifier is not supported for subqueries`)
  if (expr.type !== 'VectorSelector' && expr.type !== 'MatrixSelector')
    ts.fail(expr.pos, `${kind} modifier not implemented`)
  const vs = expr.type === 'MatrixSelector' ? expr.vectorSelector : expr
  vs[kind] = true
  if (vs.anchored && vs.smoothed) ts.fail(expr.pos, 'anchored and smoothed modifiers cannot be used together')
}

/** Applies any `[range]`, `[range:step]`, `offset`, `@`, `anchored` and `smoothed` that follow `expr`. */
export function parsePostfix(ts: TokenStream, expr: Expr): Expr {
  for (;;) {
    const t = ts.peek()
    switch (t.kind) {
      case '[':
        expr = parseRangeOrSubquery(ts, expr)
        break
      case 'offset':
        ts.next()
        applyOffset(ts, expr)
        break
      case '@':
        ts.next()
        applyAt(ts, expr)
        break
      case 'anchored':
      case 'smoothed':
        ts.next()
        applyExtendedModifier(ts, expr, t.kind)
        break
      default:
        return expr
    }
  }
}
