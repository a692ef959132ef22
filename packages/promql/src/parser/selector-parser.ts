import { Matcher, METRIC_NAME_LABEL, type MatchType } from '@watchfire/model'
import type { PositionRange, VectorSelector } from './ast.js'
import { quoteString, unquoteString } from './strings.js'
import type { TokenStream } from './token-stream.js'
import { LABEL_NAME_KEYWORDS, type Token } from './tokens.js'

const MATCH_OPS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~'])

function newMatcher(
  ts: TokenStream,
  type: MatchType,
  name: string,
  value: string,
  range: PositionRange,
): Matcher {
  try {
    return new Matcher(type, name, value)
  } catch (err) {
    ts.fail(range, err instanceof Error ? err.message : String(err))
  }
}

function parseMatcher(ts: TokenStream): Matcher {
  const context = 'label matching'
  const first = ts.peek()
  if (first.kind !== 'IDENTIFIER' && first.kind !== 'STRING') ts.unexpected(context, 'identifier or "}"')
  ts.next()
  const name = first.kind === 'STRING' ? unquoteString(first.text) : first.text
  const op = ts.peek()
  if (!MATCH_OPS.has(op.kind)) {
    // A lone quoted string names the metric: {"my.metric"}.
    if (first.kind === 'STRING') return newMatcher(ts, '=', METRIC_NAME_LABEL, name, first)
    ts.unexpected(context, 'label matching operator')
  }
  ts.next()
  const value = ts.expect('STRING', context, 'string')
  return newMatcher(ts, op.kind as MatchType, name, unquoteString(value.text), {
    start: first.start,
    end: value.end,
  })
}

/** Parses `{matcher, …}` (the `{` is next) and returns the matchers and the closing brace. */
export function parseLabelMatchers(ts: TokenStream): { matchers: Matcher[]; close: Token } {
  ts.expect('{')
  const matchers: Matcher[] = []
  for (;;) {
    const close = ts.accept('}')
    if (close !== undefined) return { matchers, close }
    matchers.push(parseMatcher(ts))
    if (ts.accept(',') === undefined && !ts.at('}')) ts.unexpected('label matching', '"," or "}"')
  }
}

/**
 * Builds a vector selector; a metric name written before the braces becomes a trailing
 * `__name__` equality matcher, as in Prometheus.
 */
export function vectorSelector(name: string, matchers: Matcher[], pos: PositionRange): VectorSelector {
  if (name !== '') matchers.push(new Matcher('=', METRIC_NAME_LABEL, name))
  return {
    type: 'VectorSelector',
    name,
    matchers,
    offsetMs: 0,
    offsetExpr: null,
    atMs: null,
    atStartOrEnd: null,
    anchored: false,
    smoothed: false,
    pos,
  }
}

function parseGroupingLabel(ts: TokenStream): string {
  const t = ts.peek()
  if (t.kind === 'STRING') {
    ts.next()
    const name = unquoteString(t.text)
    if (name === '' || !name.isWellFormed())
      ts.fail(t, `invalid label name for grouping: ${quoteString(name)}`)
    return name
  }
  if (t.kind === 'IDENTIFIER' || t.kind === 'METRIC_IDENTIFIER' || LABEL_NAME_KEYWORDS.has(t.kind)) {
    ts.next()
    return t.text
  }
  ts.unexpected('grouping opts', 'label')
}

/** Parses the `(label, …)` list after by, without, on, ignoring, group_left or group_right. */
export function parseGroupingLabels(ts: TokenStream): string[] {
  ts.expect('(', 'grouping opts', '"("')
  const labels: string[] = []
  for (;;) {
    if (ts.accept(')') !== undefined) return labels
    labels.push(parseGroupingLabel(ts))
    if (ts.accept(',') === undefined && !ts.at(')')) ts.unexpected('grouping opts', '"," or ")"')
  }
}
