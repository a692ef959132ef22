import { quoteString } from './strings.js'

/** Binary operators as token kinds (the keyword ones lower-cased). */
export const OPERATORS: ReadonlySet<string> = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '==',
  '!=',
  '<=',
  '<',
  '>=',
  '>',
  '</',
  '>/',
  '=~',
  '!~',
  '@',
  'atan2',
  'and',
  'or',
  'unless',
])

/** Aggregation keywords. */
export const AGGREGATORS: ReadonlySet<string> = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
])

/** Modifier keywords (printed as `<kw>` in errors). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'bool',
  'by',
  'group_left',
  'group_right',
  'fill',
  'fill_left',
  'fill_right',
  'ignoring',
  'offset',
  'smoothed',
  'anchored',
  'on',
  'without',
])

/** Words that are functions or `@` arguments but also keywords of duration expressions. */
export const PREPROCESSORS: ReadonlySet<string> = new Set([
  'start',
  'end',
  'step',
  'range',
  'max_of',
  'min_of',
])

/** Keyword tokens that may still serve as a metric name where an expression starts. */
export const METRIC_NAME_KEYWORDS: ReadonlySet<string> = new Set([
  ...AGGREGATORS,
  ...PREPROCESSORS,
  'by',
  'without',
  'offset',
  'fill',
  'fill_left',
  'fill_right',
  'and',
  'or',
  'unless',
  'anchored',
  'smoothed',
])

/** Keyword tokens that may still serve as a label name in `by (...)`, `on (...)` and the like. */
export const LABEL_NAME_KEYWORDS: ReadonlySet<string> = new Set([
  ...METRIC_NAME_KEYWORDS,
  'bool',
  'group_left',
  'group_right',
  'ignoring',
  'on',
  'atan2',
])

/**
 * A token kind: the fixed spelling of punctuation and operators (`(`, `+`, `=~`, …), a lower-cased
 * keyword (`sum`, `offset`, …), or one of the classes EOF, ERROR, IDENTIFIER, METRIC_IDENTIFIER,
 * NUMBER, DURATION and STRING.
 */
export type TokenKind = string

/** One lexed token; `text` is the source text, or the message for ERROR tokens. */
export interface Token {
  kind: TokenKind
  text: string
  start: number
  end: number
}

const classNames: Record<string, string> = {
  IDENTIFIER: 'identifier',
  METRIC_IDENTIFIER: 'metric identifier',
  NUMBER: 'number',
  DURATION: 'duration',
  STRING: 'string',
}

function goQuoteTruncated(text: string): string {
  const chars = [...text]
  return chars.length > 10 ? `${quoteString(chars.slice(0, 10).join(''))}...` : quoteString(text)
}

/** Describes a token as Prometheus does after "unexpected": `<op:+>`, `identifier "foo"`, … */
export function describeToken(t: Token): string {
  if (t.kind === 'EOF') return 'end of input'
  if (t.kind === 'ERROR') return t.text
  const className = classNames[t.kind]
  if (className !== undefined) {
    const shown =
      t.kind === 'IDENTIFIER' || t.kind === 'METRIC_IDENTIFIER'
        ? quoteString(t.text)
        : goQuoteTruncated(t.text)
    return `${className} ${shown}`
  }
  if (KEYWORDS.has(t.kind)) return `<${t.text}>`
  if (OPERATORS.has(t.kind)) return `<op:${t.text}>`
  if (AGGREGATORS.has(t.kind)) return `<aggr:${t.text}>`
  return quoteString(t.text)
}
