import type { Matcher } from '@watchfire/model'
import type { FunctionSignature } from './functions.js'

/**
 * Where a node came from: `[start, end)` offsets into the query string, in UTF-16 code units
 * (JavaScript string indices). Error messages convert them to Prometheus's `line:column`.
 */
export interface PositionRange {
  start: number
  end: number
}

/** The four PromQL value types; `typeOf` computes one per expression node. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string'

/** Aggregation operators, including the experimental `limitk` and `limit_ratio`. */
export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'count_values'
  | 'quantile'
  | 'limitk'
  | 'limit_ratio'

/** Arithmetic binary operators. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2'
/** Comparison (filtering) operators; with `bool` they return 0/1 instead of filtering. */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<='
/** Set operators; their vector matching is always many-to-many. */
export type SetOp = 'and' | 'or' | 'unless'
/** Native-histogram trim operators: `</` keeps observations below, `>/` above the scalar. */
export type TrimOp = '</' | '>/'
/** Every binary operator of PromQL. */
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp | TrimOp

/** How the two sides of a vector-vector binary operation are paired. */
export type VectorMatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many'

/** The `on`/`ignoring`, `group_left`/`group_right` and `fill*` modifiers of a binary operation. */
export interface VectorMatching {
  card: VectorMatchCardinality
  /** Labels of `on(...)` or `ignoring(...)`. */
  matchingLabels: string[]
  /** True for `on(...)`, false for `ignoring(...)` or no clause. */
  on: boolean
  /** Extra labels copied from the "one" side: the labels of `group_left(...)`/`group_right(...)`. */
  include: string[]
  /** Values assumed for a missing left/right series (`fill`, `fill_left`, `fill_right`), or null. */
  fillValues: { lhs: number | null; rhs: number | null }
}

/** `@ start()` or `@ end()`: pinned to the query's start or end time. */
export type AtStartOrEnd = 'start' | 'end'

/** A float literal, also used for durations written as numbers or with units (then `duration` is true). */
export interface NumberLiteral {
  type: 'NumberLiteral'
  /** The value; for durations, in seconds (as Prometheus stores them). */
  value: number
  /** True if written as a duration such as `5m`, so the printer writes it back as one. */
  duration: boolean
  pos: PositionRange
}

/** A string literal, already unquoted. */
export interface StringLiteral {
  type: 'StringLiteral'
  value: string
  pos: PositionRange
}

/**
 * An instant vector selector. When written with a metric name, `matchers` ends with the implied
 * `__name__="<name>"` matcher (as in Prometheus), which the printer leaves out again.
 */
export interface VectorSelector {
  type: 'VectorSelector'
  /** The metric name written before the braces, or `''`. */
  name: string
  matchers: Matcher[]
  /** The `offset` in milliseconds when written as a literal; 0 when absent or given by `offsetExpr`. */
  offsetMs: number
  /** The `offset` when written as a duration expression (e.g. `offset (1h * 2)`), else null. */
  offsetExpr: DurationExpr | null
  /** The `@ <timestamp>` in milliseconds, or null. */
  atMs: number | null
  /** `@ start()` / `@ end()`, or null. */
  atStartOrEnd: AtStartOrEnd | null
  /** The experimental `anchored` range modifier. */
  anchored: boolean
  /** The experimental `smoothed` range modifier. */
  smoothed: boolean
  pos: PositionRange
}

/** A range vector selector `sel[range]`; offset, `@` and anchored/smoothed live on the inner selector. */
export interface MatrixSelector {
  type: 'MatrixSelector'
  vectorSelector: VectorSelector
  /** The range in milliseconds when written as a literal; 0 when given by `rangeExpr`. */
  rangeMs: number
  rangeExpr: DurationExpr | null
  pos: PositionRange
}

/** A subquery `expr[range:step]`. */
export interface SubqueryExpr {
  type: 'SubqueryExpr'
  expr: Expr
  rangeMs: number
  rangeExpr: DurationExpr | null
  /** The step in milliseconds; 0 means "use the default evaluation interval" (or see `stepExpr`). */
  stepMs: number
  stepExpr: DurationExpr | null
  offsetMs: number
  offsetExpr: DurationExpr | null
  atMs: number | null
  atStartOrEnd: AtStartOrEnd | null
  pos: PositionRange
}

/** An expression in parentheses; kept so that printing preserves the author's grouping. */
export interface ParenExpr {
  type: 'ParenExpr'
  expr: Expr
  pos: PositionRange
}

/** Unary `+`/`-` on a non-literal (a signed number literal is folded into a NumberLiteral). */
export interface UnaryExpr {
  type: 'UnaryExpr'
  op: '+' | '-'
  expr: Expr
  pos: PositionRange
}

/** A binary operation. `vectorMatching` is null unless both sides are instant vectors. */
export interface BinaryExpr {
  type: 'BinaryExpr'
  op: BinaryOp
  lhs: Expr
  rhs: Expr
  /** The `bool` modifier of comparison operators. */
  returnBool: boolean
  vectorMatching: VectorMatching | null
  pos: PositionRange
}

/** An aggregation such as `sum by (job) (x)` or `topk(3, x)`. */
export interface AggregateExpr {
  type: 'AggregateExpr'
  op: AggregateOp
  expr: Expr
  /** The parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio; else null. */
  param: Expr | null
  grouping: string[]
  /** True for `without (...)`, false for `by (...)` or no clause. */
  without: boolean
  pos: PositionRange
}

/** A function call, with its signature resolved from the function table. */
export interface Call {
  type: 'Call'
  func: FunctionSignature
  args: Expr[]
  pos: PositionRange
}

/**
 * Marks a subtree whose value is the same at every step of a range query. The parser never
 * produces it; an engine may wrap subtrees in it while preparing a query.
 */
export interface StepInvariantExpr {
  type: 'StepInvariantExpr'
  expr: Expr
  pos: PositionRange
}

/** Operators of experimental duration expressions (ranges, steps and offsets). */
export type DurationOp = '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min_of' | 'max_of'

/**
 * A duration expression such as `5m + 1m`, `step()` or `min_of(step(), 1h)`; number literals in it
 * are seconds. Unary `-` has `lhs` null (unary `+` is dropped); `step()`/`range()` have no
 * operands. A parenthesised literal becomes a unary `+` with `wrapped` set, so that printing keeps
 * the parentheses. The parser leaves these unevaluated because `step()` and `range()` are only
 * known per query: the engine resolves them to milliseconds before evaluation.
 */
export interface DurationExpr {
  type: 'DurationExpr'
  op: DurationOp
  lhs: DurationNode | null
  rhs: DurationNode | null
  /** Written in parentheses. */
  wrapped: boolean
  pos: PositionRange
}

/** What may stand where a duration is expected. */
export type DurationNode = NumberLiteral | DurationExpr

/** Every PromQL expression node, discriminated on `type`. */
export type Expr =
  | AggregateExpr
  | BinaryExpr
  | Call
  | MatrixSelector
  | NumberLiteral
  | ParenExpr
  | StringLiteral
  | SubqueryExpr
  | UnaryExpr
  | VectorSelector
  | StepInvariantExpr

/** The value type an expression evaluates to, as Prometheus's `Expr.Type()` defines it. */
export function typeOf(node: Expr): ValueType {
  switch (node.type) {
    case 'NumberLiteral':
      return 'scalar'
    case 'StringLiteral':
      return 'string'
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector'
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix'
    case 'Call':
      return node.func.returnType
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'StepInvariantExpr':
      return typeOf(node.expr)
    case 'BinaryExpr':
      return typeOf(node.lhs) === 'scalar' && typeOf(node.rhs) === 'scalar' ? 'scalar' : 'vector'
  }
}

/** Prometheus's name for a value type in messages: "instant vector", "range vector", … */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector'
    case 'matrix':
      return 'range vector'
    default:
      return t
  }
}

/** The direct child expressions of a node, in source order (param before expr for aggregations). */
export function children(node: Expr): Expr[] {
  switch (node.type) {
    case 'AggregateExpr':
      return node.param === null ? [node.expr] : [node.param, node.expr]
    case 'BinaryExpr':
      return [node.lhs, node.rhs]
    case 'Call':
      return node.args
    case 'MatrixSelector':
      return [node.vectorSelector]
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'SubqueryExpr':
    case 'StepInvariantExpr':
      return [node.expr]
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return []
  }
}
