// The PromQL parser: AST, parsing, type checking, printing.
export type {
  PositionRange,
  ValueType,
  AggregateOp,
  ArithmeticOp,
  ComparisonOp,
  SetOp,
  TrimOp,
  BinaryOp,
  VectorMatchCardinality,
  VectorMatching,
  AtStartOrEnd,
  NumberLiteral,
  StringLiteral,
  VectorSelector,
  MatrixSelector,
  SubqueryExpr,
  ParenExpr,
  UnaryExpr,
  BinaryExpr,
  AggregateExpr,
  Call,
  StepInvariantExpr,
  DurationOp,
  DurationExpr,
  DurationNode,
  Expr,
} from './parser/ast.js'
export { typeOf, documentedType, children } from './parser/ast.js'
export type { FunctionSignature } from './parser/functions.js'
export { FUNCTIONS, getFunction } from './parser/functions.js'
export { parseExpr, parseMetricSelector } from './parser/parser.js'
export type { ParseOptions } from './parser/token-stream.js'
export { PromQLParseError } from './parser/parse-error.js'
export { formatExpr, formatDurationNode, formatMatcher } from './parser/printer.js'
export { parseDuration, formatDuration, DurationSyntaxError } from './parser/durations.js'
export { parseNumber, formatNumber } from './parser/numbers.js'
export { quoteString, unquoteString } from './parser/strings.js'
export { lex } from './parser/lexer.js'
export type { Token, TokenKind } from './parser/tokens.js'
