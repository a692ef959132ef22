import type { Call, DurationNode, Expr, NumberLiteral, PositionRange } from '../parser/ast.js'
import { evalError } from './errors.js'

/** The per-query facts that query-dependent parts of an expression are resolved against. */
export interface QueryTimes {
  startMs: number
  endMs: number
  /** 0 for instant queries. */
  stepMs: number
}

/** Functions whose result depends on the evaluation time even when every input is pinned by `@`. */
const AT_MODIFIER_UNSAFE = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'time',
  // Its result is the time of its argument's samples, which are the step times for anything but
  // a selector (markCall lets timestamp(selector @ t) through).
  'timestamp',
])

function numberLiteral(value: number, pos: PositionRange): NumberLiteral {
  return { type: 'NumberLiteral', value, duration: false, pos }
}

/** Replaces `start()`, `end()`, `range()` and `step()` calls with their values for this query. */
function foldQueryFunctions(node: Expr, q: QueryTimes): Expr {
  if (node.type === 'Call' && node.args.length === 0) {
    switch (node.func.name) {
      case 'start':
        return numberLiteral(q.startMs / 1000, node.pos)
      case 'end':
        return numberLiteral(q.endMs / 1000, node.pos)
      case 'range':
        return numberLiteral((q.endMs - q.startMs) / 1000, node.pos)
      case 'step':
        return numberLiteral(q.startMs === q.endMs ? 0 : q.stepMs / 1000, node.pos)
    }
  }
  switch (node.type) {
    case 'BinaryExpr':
      node.lhs = foldQueryFunctions(node.lhs, q)
      node.rhs = foldQueryFunctions(node.rhs, q)
      break
    case 'Call':
      node.args = node.args.map((a) => foldQueryFunctions(a, q))
      break
    case 'AggregateExpr':
      node.expr = foldQueryFunctions(node.expr, q)
      if (node.param !== null) node.param = foldQueryFunctions(node.param, q)
      break
    case 'UnaryExpr':
    case 'ParenExpr':
    case 'SubqueryExpr':
    case 'StepInvariantExpr':
      node.expr = foldQueryFunctions(node.expr, q)
      break
    default:
      break
  }
  return node
}

function durationSeconds(node: DurationNode, q: QueryTimes): number {
  if (node.type === 'NumberLiteral') return node.value
  const lhs = node.lhs === null ? 0 : durationSeconds(node.lhs, q)
  const rhs = node.rhs === null ? 0 : durationSeconds(node.rhs, q)
  const where = `${node.pos.start}:${node.pos.end}`
  switch (node.op) {
    case 'step':
      return q.stepMs / 1000
    case 'range':
      return (q.endMs - q.startMs) / 1000
    case 'min_of':
      return Math.min(lhs, rhs)
    case 'max_of':
      return Math.max(lhs, rhs)
    case '+':
      return node.lhs === null ? rhs : lhs + rhs
    case '-':
      return node.lhs === null ? -rhs : lhs - rhs
    case '*':
      return lhs * rhs
    case '/':
      if (rhs === 0) throw evalError(`${where}: division by zero`)
      return lhs / rhs
    case '%':
      if (rhs === 0) throw evalError(`${where}: modulo by zero`)
      return lhs % rhs
    case '^':
      return lhs ** rhs
  }
}

function durationMs(node: DurationNode, q: QueryTimes, allowNegative: boolean): number {
  const seconds = durationSeconds(node, q)
  const where = `${node.pos.start}:${node.pos.end}`
  if (!Number.isFinite(seconds)) throw evalError(`${where}: duration is NaN or infinite`)
  if (seconds <= 0 && !allowNegative) throw evalError(`${where}: duration must be greater than 0`)
  return Math.trunc(seconds * 1000)
}

/** Resolves duration expressions (`[5m+step()]`, `offset (1h/2)`) to milliseconds, in place. */
function resolveDurations(node: Expr, q: QueryTimes): void {
  switch (node.type) {
    case 'VectorSelector':
      if (node.offsetExpr !== null) node.offsetMs = durationMs(node.offsetExpr, q, true)
      break
    case 'MatrixSelector':
      if (node.rangeExpr !== null) node.rangeMs = durationMs(node.rangeExpr, q, false)
      break
    case 'SubqueryExpr':
      if (node.offsetExpr !== null) node.offsetMs = durationMs(node.offsetExpr, q, true)
      if (node.stepExpr !== null) node.stepMs = durationMs(node.stepExpr, q, false)
      if (node.rangeExpr !== null) node.rangeMs = durationMs(node.rangeExpr, q, false)
      break
    default:
      break
  }
  forEachChild(node, (c) => resolveDurations(c, q))
}

function forEachChild(node: Expr, fn: (child: Expr) => void): void {
  switch (node.type) {
    case 'AggregateExpr':
      if (node.param !== null) fn(node.param)
      fn(node.expr)
      break
    case 'BinaryExpr':
      fn(node.lhs)
      fn(node.rhs)
      break
    case 'Call':
      node.args.forEach(fn)
      break
    case 'MatrixSelector':
      fn(node.vectorSelector)
      break
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'SubqueryExpr':
    case 'StepInvariantExpr':
      fn(node.expr)
      break
    default:
      break
  }
}

function unwrapParens(node: Expr): Expr {
  let n = node
  while (n.type === 'ParenExpr') n = n.expr
  return n
}

function stepInvariant(expr: Expr): Expr {
  return { type: 'StepInvariantExpr', expr, pos: expr.pos }
}

/**
 * Pins `@ start()`/`@ end()` and wraps subtrees whose value does not change between steps (every
 * selector pinned by `@`) in StepInvariantExpr, as Prometheus's PreprocessExpr does. Returns
 * [isStepInvariant, shouldWrap].
 */
function markStepInvariant(node: Expr, q: QueryTimes): [boolean, boolean] {
  switch (node.type) {
    case 'VectorSelector':
      if (node.atStartOrEnd !== null) node.atMs = node.atStartOrEnd === 'start' ? q.startMs : q.endMs
      return [node.atMs !== null, node.atMs !== null]
    case 'AggregateExpr':
      node.expr = unwrapParens(node.expr)
      if (node.param !== null) node.param = unwrapParens(node.param)
      if (node.param !== null) markStepInvariant(node.param, q)
      return markStepInvariant(node.expr, q)
    case 'BinaryExpr': {
      const [li, lw] = markStepInvariant(node.lhs, q)
      const [ri, rw] = markStepInvariant(node.rhs, q)
      if (li && ri) return [true, true]
      if (lw) node.lhs = stepInvariant(node.lhs)
      if (rw) node.rhs = stepInvariant(node.rhs)
      return [false, false]
    }
    case 'Call':
      return markCall(node, q)
    case 'MatrixSelector':
      return [markStepInvariant(node.vectorSelector, q)[0], false]
    case 'SubqueryExpr': {
      const [inv] = markStepInvariant(node.expr, q)
      if (inv) node.expr = stepInvariant(node.expr)
      if (node.atStartOrEnd !== null) node.atMs = node.atStartOrEnd === 'start' ? q.startMs : q.endMs
      return [node.atMs !== null, false]
    }
    case 'ParenExpr':
    case 'UnaryExpr':
      return markStepInvariant(node.expr, q)
    case 'StepInvariantExpr':
      return [true, false]
    case 'StringLiteral':
    case 'NumberLiteral':
      return [true, false]
  }
}

function markCall(node: Call, q: QueryTimes): [boolean, boolean] {
  let invariant = !AT_MODIFIER_UNSAFE.has(node.func.name)
  let timestampSafe = node.func.name === 'timestamp'
  const wrap: boolean[] = []
  for (let i = 0; i < node.args.length; i++) {
    node.args[i] = unwrapParens(node.args[i] as Expr)
    const arg = node.args[i] as Expr
    const [argInvariant, argWrap] = markStepInvariant(arg, q)
    wrap.push(argWrap)
    invariant &&= argInvariant
    if (!argInvariant || arg.type !== 'VectorSelector') timestampSafe = false
  }
  if (invariant || timestampSafe) return [true, true]
  wrap.forEach((w, i) => {
    if (w) node.args[i] = stepInvariant(node.args[i] as Expr)
  })
  return [false, false]
}

/**
 * Prepares a freshly parsed expression for one query, in place: folds the query-context
 * functions, resolves duration expressions, pins `@ start()/end()` and marks step-invariant
 * subtrees. Returns the (possibly wrapped) root.
 */
export function prepareExpr(expr: Expr, q: QueryTimes): Expr {
  let root = foldQueryFunctions(expr, q)
  resolveDurations(root, q)
  const [, wrap] = markStepInvariant(root, q)
  if (wrap) root = stepInvariant(root)
  return root
}
