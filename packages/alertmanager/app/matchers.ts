import type { ApiMatcher } from './api.js'

/** A matcher's operator as written: `=`, `!=`, `=~` or `!~`. */
export type Operator = '=' | '!=' | '=~' | '!~'

/** The operator of an API matcher. */
export function operatorOf(m: ApiMatcher): Operator {
  if (m.isRegex) return m.isEqual ? '=~' : '!~'
  return m.isEqual ? '=' : '!='
}

/** The API flags of an operator. */
export function flagsOf(op: Operator): { isRegex: boolean; isEqual: boolean } {
  return { isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' }
}

/** `name="value"` with Go-style escapes, as amtool and the original UI print a matcher. */
export function formatMatcher(m: ApiMatcher): string {
  return `${m.name}${operatorOf(m)}${JSON.stringify(m.value)}`
}

/** `{a="1", b=~"x"}`. */
export function formatMatchers(list: readonly ApiMatcher[]): string {
  return `{${list.map(formatMatcher).join(', ')}}`
}

/** Equality matchers for every label of an alert, in name order (a silence prefilled from the alert). */
export function matchersForLabels(labels: Readonly<Record<string, string>>): ApiMatcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name] ?? '', isRegex: false, isEqual: true }))
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/

/**
 * Reads `{a="1", b!~"x|y"}` (braces optional) back into matchers; undefined when the text is not such a list.
 * Only the quoted form: it is what {@link formatMatchers} writes into links.
 */
export function parseMatcherList(text: string): ApiMatcher[] | undefined {
  let rest = text.trim()
  if (rest.startsWith('{') && rest.endsWith('}')) rest = rest.slice(1, -1)
  const out: ApiMatcher[] = []
  while (rest.trim() !== '') {
    const m = MATCHER.exec(rest)
    if (m === null) return undefined
    const value = JSON.parse(`"${m[3] ?? ''}"`) as string
    out.push({ name: m[1] ?? '', value, ...flagsOf(m[2] as Operator) })
    rest = rest.slice(m[0].length)
  }
  return out
}
