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
// Result types, the evaluation engine and the promqltest runner.
export type {
  Scalar,
  StringValue,
  Sample,
  FPoint,
  HPoint,
  Series,
  Vector,
  Matrix,
  VectorValue,
  MatrixValue,
  Value,
} from './value.js'
export { formatValue, formatSample, formatSeries, formatHistogram } from './value.js'
export { Engine } from './engine/engine.js'
export type { EngineOptions, QueryOptions, QueryResult, QueryStats } from './engine/engine.js'
export { QueryError, TOO_MANY_SAMPLES_MESSAGE } from './engine/errors.js'
export { EnginePromqlTestAdapter } from './engine/promqltest-engine.js'
export { runScript } from './promqltest/runner.js'
export type { EvalResult, ScriptResult, RunOptions } from './promqltest/runner.js'
export { parseScript } from './promqltest/script-parser.js'
export { ScriptSyntaxError } from './promqltest/script-error.js'
export { parseSeriesLine, parseSeriesLabels, expandValues } from './promqltest/series-line.js'
export type { SeriesLine, SequenceValue } from './promqltest/series-line.js'
export type { PromqlTestEngine, QueryOutcome } from './promqltest/engine-contract.js'
