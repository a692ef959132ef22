import { METRIC_NAME_LABEL, type Matcher } from '@watchfire/model'
import type {
  AggregateExpr,
  AtStartOrEnd,
  BinaryExpr,
  DurationExpr,
  DurationNode,
  Expr,
  MatrixSelector,
  SubqueryExpr,
  VectorSelector,
} from './ast.js'
import { formatDuration } from './durations.js'
import { formatGoFloat, formatNumber } from './numbers.js'
import { quoteString } from './strings.js'

// Canonical PromQL, as Prometheus's String() methods print it. Parentheses appear only where the
// AST has ParenExpr nodes, so parse(formatExpr(e)) rebuilds e.

const legacyLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

function formatLabelName(name: string): string {
  return legacyLabelName.test(name) ? name : quoteString(name)
}

function formatLabelList(names: readonly string[]): string {
  return names.map(formatLabelName).join(', ')
}

/** `name="value"`, quoting the name when it is not a classic label name. */
export function formatMatcher(m: Matcher): string {
  return `${formatLabelName(m.name)}${m.type}${quoteString(m.value)}`
}

function formatSeconds(seconds: number, duration: boolean): string {
  if (!duration) return formatNumber(seconds)
  // Undo the float noise of seconds * 1000 before truncating to whole milliseconds.
  const ms = seconds * 1000
  const rounded = Math.round(ms)
  return formatDuration(Math.abs(ms - rounded) < 1e-6 ? rounded : Math.trunc(ms))
}

/** Prints a duration expression as written: `5m + 1m`, `(step())`, `min_of(range(), 1h)`. */
export function formatDurationNode(node: DurationNode): string {
  if (node.type === 'NumberLiteral') return formatSeconds(node.value, node.duration)
  return node.wrapped ? `(${formatDurationBody(node)})` : formatDurationBody(node)
}

function formatDurationBody(node: DurationExpr): string {
  const lhs = node.lhs === null ? '' : formatDurationNode(node.lhs)
  const rhs = node.rhs === null ? '' : formatDurationNode(node.rhs)
  switch (node.op) {
    case 'step':
    case 'range':
      return `${node.op}()`
    case 'min_of':
    case 'max_of':
      return `${node.op}(${lhs}, ${rhs})`
  }
  if (node.lhs === null) return node.op === '-' ? `-${rhs}` : rhs
  return `${lhs} ${node.op} ${rhs}`
}

function formatAt(atMs: number | null, startOrEnd: AtStartOrEnd | null): string {
  if (atMs !== null) return ` @ ${(atMs / 1000).toFixed(3)}`
  return startOrEnd === null ? '' : ` @ ${startOrEnd}()`
}

function formatOffset(offsetMs: number, offsetExpr: DurationExpr | null): string {
  if (offsetExpr !== null) return ` offset ${formatDurationNode(offsetExpr)}`
  return offsetMs === 0 ? '' : ` offset ${formatDuration(offsetMs)}`
}

function formatSelectorCore(vs: VectorSelector): string {
  const shown = vs.matchers.filter(
    (m) => !(m.name === METRIC_NAME_LABEL && m.type === '=' && m.value === vs.name && m.value !== ''),
  )
  const parts = shown.map(formatMatcher).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return parts.length === 0 ? vs.name : `${vs.name}{${parts.join(',')}}`
}

function extended(vs: VectorSelector): string {
  return vs.anchored ? ' anchored' : vs.smoothed ? ' smoothed' : ''
}

function formatVectorSelector(vs: VectorSelector): string {
  return (
    formatSelectorCore(vs) +
    formatAt(vs.atMs, vs.atStartOrEnd) +
    extended(vs) +
    formatOffset(vs.offsetMs, vs.offsetExpr)
  )
}

function formatRange(ms: number, expr: DurationExpr | null): string {
  return expr === null ? formatDuration(ms) : formatDurationNode(expr)
}

function formatMatrixSelector(n: MatrixSelector): string {
  const vs = n.vectorSelector
  const range = formatRange(n.rangeMs, n.rangeExpr)
  return `${formatSelectorCore(vs)}[${range}]${extended(vs)}${formatAt(vs.atMs, vs.atStartOrEnd)}${formatOffset(vs.offsetMs, vs.offsetExpr)}`
}

function formatSubquery(n: SubqueryExpr): string {
  const step =
    n.stepExpr !== null ? formatDurationNode(n.stepExpr) : n.stepMs !== 0 ? formatDuration(n.stepMs) : ''
  const range = formatRange(n.rangeMs, n.rangeExpr)
  return `${formatExpr(n.expr)}[${range}:${step}]${formatAt(n.atMs, n.atStartOrEnd)}${formatOffset(n.offsetMs, n.offsetExpr)}`
}

function formatAggregate(n: AggregateExpr): string {
  let out: string = n.op
  if (n.without) out += ` without (${formatLabelList(n.grouping)}) `
  else if (n.grouping.length > 0) out += ` by (${formatLabelList(n.grouping)}) `
  const param = n.param === null ? '' : `${formatExpr(n.param)}, `
  return `${out}(${param}${formatExpr(n.expr)})`
}

function formatMatching(n: BinaryExpr): string {
  const vm = n.vectorMatching
  if (vm === null) return ''
  let out = ''
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many'
  if (vm.matchingLabels.length > 0 || vm.on || grouped) {
    out += ` ${vm.on ? 'on' : 'ignoring'} (${formatLabelList(vm.matchingLabels)})`
  }
  if (grouped)
    out += ` group_${vm.card === 'many-to-one' ? 'left' : 'right'} (${formatLabelList(vm.include)})`
  const { lhs, rhs } = vm.fillValues
  // As upstream, NaN never equals itself, so fill(NaN) prints as fill_left (NaN) fill_right (NaN).
  if (lhs !== null && rhs !== null && lhs === rhs) out += ` fill (${formatGoFloat(lhs)})`
  else {
    if (lhs !== null) out += ` fill_left (${formatGoFloat(lhs)})`
    if (rhs !== null) out += ` fill_right (${formatGoFloat(rhs)})`
  }
  return out
}

/** Prints an expression as canonical PromQL, e.g. `sum by (job) (rate(foo{a="b"}[5m]))`. */
export function formatExpr(node: Expr): string {
  switch (node.type) {
    case 'AggregateExpr':
      return formatAggregate(node)
    case 'BinaryExpr':
      return `${formatExpr(node.lhs)} ${node.op}${node.returnBool ? ' bool' : ''}${formatMatching(node)} ${formatExpr(node.rhs)}`
    case 'Call':
      return `${node.func.name}(${node.args.map(formatExpr).join(', ')})`
    case 'MatrixSelector':
      return formatMatrixSelector(node)
    case 'SubqueryExpr':
      return formatSubquery(node)
    case 'NumberLiteral':
      return formatSeconds(node.value, node.duration)
    case 'ParenExpr':
      return `(${formatExpr(node.expr)})`
    case 'StringLiteral':
      return quoteString(node.value)
    case 'UnaryExpr':
      return `${node.op}${formatExpr(node.expr)}`
    case 'VectorSelector':
      return formatVectorSelector(node)
    case 'StepInvariantExpr':
      return formatExpr(node.expr)
  }
}
