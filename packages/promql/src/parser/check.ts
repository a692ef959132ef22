import { METRIC_NAME_LABEL } from '@watchfire/model'
import {
  documentedType,
  typeOf,
  type BinaryExpr,
  type Call,
  type Expr,
  type PositionRange,
  type ValueType,
} from './ast.js'
import { quoteString } from './strings.js'
import type { TokenStream } from './token-stream.js'

// The type-checking pass that follows parsing, in the order Prometheus's checkAST visits nodes so
// that the first error reported is the same. It also normalises vector matching: set operators
// become many-to-many, and matching is dropped where a side is a scalar.

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<='])
const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless'])
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r'

function expectType(ts: TokenStream, node: Expr, want: ValueType, context: string): void {
  const got = checkAst(ts, node)
  if (got !== want)
    ts.fail(node.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(got)}`)
}

/** The operator's own range: between the operands, without surrounding whitespace. */
function operatorRange(ts: TokenStream, n: BinaryExpr): PositionRange {
  let start = n.lhs.pos.end
  while (isSpace(ts.input[start])) start++
  let end = n.rhs.pos.start - 1
  while (end > start && isSpace(ts.input[end])) end--
  return { start, end }
}

function checkBinary(ts: TokenStream, n: BinaryExpr): void {
  const lt = checkAst(ts, n.lhs)
  const rt = checkAst(ts, n.rhs)
  const isComparison = COMPARISONS.has(n.op)
  const isSetOp = SET_OPS.has(n.op)
  if (n.returnBool && !isComparison)
    ts.fail(operatorRange(ts, n), 'bool modifier can only be used on comparison operators')
  if (isComparison && !n.returnBool && lt === 'scalar' && rt === 'scalar') {
    ts.fail(operatorRange(ts, n), 'comparisons between scalars must use BOOL modifier')
  }
  const vm = n.vectorMatching
  if (vm !== null) {
    if (isSetOp && vm.card === 'one-to-one') vm.card = 'many-to-many'
    if (vm.on) {
      const clash = vm.matchingLabels.find((l) => vm.include.includes(l))
      if (clash !== undefined)
        ts.fail(
          operatorRange(ts, n),
          `label ${quoteString(clash)} must not occur in ON and GROUP clause at once`,
        )
    }
  }
  if (lt !== 'scalar' && lt !== 'vector')
    ts.fail(n.lhs.pos, 'binary expression must contain only scalar and instant vector types')
  if (rt !== 'scalar' && rt !== 'vector')
    ts.fail(n.rhs.pos, 'binary expression must contain only scalar and instant vector types')
  const filled = vm !== null && (vm.fillValues.lhs !== null || vm.fillValues.rhs !== null)
  if (vm !== null && (lt !== 'vector' || rt !== 'vector')) {
    if (vm.matchingLabels.length > 0) ts.fail(n.pos, 'vector matching only allowed between instant vectors')
    if (filled) ts.fail(n.pos, 'filling in missing series only allowed between instant vectors')
    n.vectorMatching = null
  } else if (vm !== null && isSetOp) {
    if (vm.card === 'one-to-many' || vm.card === 'many-to-one')
      ts.fail(n.pos, `no grouping allowed for ${quoteString(n.op)} operation`)
    if (vm.card !== 'many-to-many') ts.fail(n.pos, 'set operations must always be many-to-many')
    if (filled) ts.fail(n.pos, 'filling in missing series not allowed for set operators')
  }
  if ((lt === 'scalar' || rt === 'scalar') && isSetOp) {
    ts.fail(n.pos, `set operator ${quoteString(n.op)} not allowed in binary scalar expression`)
  }
}

function checkInfoSelector(ts: TokenStream, n: Call): void {
  const arg = n.args[1] as Expr
  const t = typeOf(arg)
  if (t !== 'vector')
    ts.fail(n.pos, `expected type instant vector in call to function "info", got ${documentedType(t)}`)
  if (arg.type !== 'VectorSelector') ts.fail(arg.pos, 'expected label selectors only')
  if (arg.name !== '') ts.fail(arg.pos, 'expected label selectors only, got vector selector instead')
}

function checkCall(ts: TokenStream, n: Call): void {
  const { name, argTypes, variadic } = n.func
  const q = quoteString(name)
  if (variadic === 0) {
    if (argTypes.length !== n.args.length)
      ts.fail(n.pos, `expected ${argTypes.length} argument(s) in call to ${q}, got ${n.args.length}`)
  } else {
    const min = argTypes.length - 1
    if (min > n.args.length)
      ts.fail(n.pos, `expected at least ${min} argument(s) in call to ${q}, got ${n.args.length}`)
    if (variadic > 0 && min + variadic < n.args.length) {
      ts.fail(n.pos, `expected at most ${min + variadic} argument(s) in call to ${q}, got ${n.args.length}`)
    }
  }
  // info()'s second argument selects metadata series by labels only; it may match the empty string.
  const infoSelector = name === 'info' && n.args.length > 1 ? n.args[1] : undefined
  if (infoSelector !== undefined) checkInfoSelector(ts, n)
  n.args.forEach((arg, i) => {
    if (i >= argTypes.length && variadic === 0) return
    const want = argTypes[Math.min(i, argTypes.length - 1)] as ValueType
    const got = arg === infoSelector ? typeOf(arg) : checkAst(ts, arg)
    if (got !== want)
      ts.fail(
        arg.pos,
        `expected type ${documentedType(want)} in call to function ${q}, got ${documentedType(got)}`,
      )
  })
}

/** Type-checks `node` and its subtree, failing on the first error Prometheus would report. */
export function checkAst(ts: TokenStream, node: Expr): ValueType {
  switch (node.type) {
    case 'AggregateExpr':
      expectType(ts, node.expr, 'vector', 'aggregation expression')
      if (node.op === 'count_values') expectType(ts, node.param as Expr, 'string', 'aggregation parameter')
      else if (node.param !== null) expectType(ts, node.param, 'scalar', 'aggregation parameter')
      break
    case 'BinaryExpr':
      checkBinary(ts, node)
      break
    case 'Call':
      checkCall(ts, node)
      break
    case 'ParenExpr':
    case 'StepInvariantExpr':
      checkAst(ts, node.expr)
      break
    case 'UnaryExpr': {
      const t = checkAst(ts, node.expr)
      if (t !== 'scalar' && t !== 'vector') {
        ts.fail(
          node.pos,
          `unary expression only allowed on expressions of type scalar or instant vector, got ${quoteString(documentedType(t))}`,
        )
      }
      break
    }
    case 'SubqueryExpr': {
      const t = checkAst(ts, node.expr)
      if (t !== 'vector') ts.fail(node.pos, `subquery is only allowed on instant vector, got ${t} instead`)
      break
    }
    case 'MatrixSelector':
      checkAst(ts, node.vectorSelector)
      break
    case 'VectorSelector':
      if (node.name !== '') {
        const dup = node.matchers.slice(0, -1).find((m) => m.name === METRIC_NAME_LABEL)
        if (dup !== undefined)
          ts.fail(
            node.pos,
            `metric name must not be set twice: ${quoteString(node.name)} or ${quoteString(dup.value)}`,
          )
      } else if (node.matchers.every((m) => m.matches(''))) {
        ts.fail(node.pos, 'vector selector must contain at least one non-empty matcher')
      }
      break
    case 'NumberLiteral':
    case 'StringLiteral':
      break
  }
  return typeOf(node)
}
