import { compileAnchoredRegex, isLegacyLabelName, type MatchType, type Re2Regex } from '@watchfire/model'
import { MatcherError } from '../errors.js'

/** A label set as Alertmanager sees it: name to value, absent labels read as `''`. */
export type LabelSet = Readonly<Record<string, string>>

/**
 * One Alertmanager label matcher. Unlike PromQL since 3.0, `.` in its regex does not match a newline (Go's
 * RE2 default, which Alertmanager 0.25 uses); the regex is anchored at both ends.
 */
export class AmMatcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
  private readonly regex: Re2Regex | undefined

  constructor(type: MatchType, name: string, value: string) {
    this.type = type
    this.name = name
    this.value = value
    if (type === '=~' || type === '!~') {
      try {
        this.regex = compileAnchoredRegex(`(?-s:${value})`)
      } catch (cause) {
        throw new MatcherError(
          `cannot compile regex ${JSON.stringify(value)} for label ${name} (${(cause as Error).message})`,
          { cause },
        )
      }
    }
  }

  /** True if the label value (`''` when absent) satisfies the matcher. */
  matches(value: string): boolean {
    switch (this.type) {
      case '=':
        return value === this.value
      case '!=':
        return value !== this.value
      case '=~':
        return (this.regex as Re2Regex).test(value)
      case '!~':
        return !(this.regex as Re2Regex).test(value)
    }
  }

  /** True when this is `=~` or `!~`. */
  get isRegex(): boolean {
    return this.type === '=~' || this.type === '!~'
  }

  /** True when this is `=` or `=~` (the API's `isEqual`). */
  get isEqual(): boolean {
    return this.type === '=' || this.type === '=~'
  }

  /** `name="value"` with OpenMetrics escaping, as the original prints matchers in route keys and amtool. */
  toString(): string {
    return `${this.name}${this.type}"${escapeValue(this.value)}"`
  }
}

function escapeValue(value: string): string {
  return value.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}

/** True if every matcher accepts the label set. */
export function matchesAll(matchers: readonly AmMatcher[], labels: LabelSet): boolean {
  for (const m of matchers) if (!m.matches(labels[m.name] ?? '')) return false
  return true
}

/** The original's matcher order: by name, then value, then operator (`=` < `!=` < `=~` < `!~`). */
export function compareMatchers(a: AmMatcher, b: AmMatcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  if (a.value !== b.value) return a.value < b.value ? -1 : 1
  return TYPE_RANK[a.type] - TYPE_RANK[b.type]
}

const TYPE_RANK: Readonly<Record<MatchType, number>> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 }

/** `{a="1",b=~"x"}`: the original's rendering of a matcher list (route keys, group keys). */
export function formatMatchers(matchers: readonly AmMatcher[]): string {
  return `{${matchers.map((m) => m.toString()).join(',')}}`
}

const MATCHER_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/

/**
 * Parses one matcher in the original's tolerant syntax (`name="value"`, `name=value`, `name=~"re"`):
 * OpenMetrics escapes in quoted values, a stray backslash kept literally.
 */
export function parseMatcher(text: string): AmMatcher {
  const m = MATCHER_RE.exec(text)
  if (m === null) throw new MatcherError(`bad matcher format: ${text}`)
  const [, name, op, raw] = m as unknown as [string, string, MatchType, string]
  let rest = raw
  let expectQuote = false
  if (rest.startsWith('"')) {
    rest = rest.slice(1)
    expectQuote = true
  }
  let value = ''
  let escaped = false
  const chars = Array.from(rest)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string
    if (escaped) {
      escaped = false
      if (c === 'n') value += '\n'
      else if (c === '"' || c === '\\') value += c
      else value += '\\' + c
      continue
    }
    if (c === '\\') {
      if (i < chars.length - 1) escaped = true
      else value += '\\'
    } else if (c === '"') {
      if (!expectQuote || i < chars.length - 1) {
        throw new MatcherError(`matcher value contains unescaped double quote: ${raw}`)
      }
      expectQuote = false
    } else {
      value += c
    }
  }
  if (expectQuote) throw new MatcherError(`matcher value contains unescaped double quote: ${raw}`)
  return new AmMatcher(op, name, value)
}

/**
 * Parses a comma-separated matcher list, optionally in braces (`{a="1", b!="2",}`); commas inside quotes do
 * not split.
 */
export function parseMatchers(text: string): AmMatcher[] {
  let s = text.startsWith('{') ? text.slice(1) : text
  if (s.endsWith('}')) s = s.slice(0, -1)
  const tokens: string[] = []
  let token = ''
  let inQuotes = false
  let escaped = false
  for (const c of s) {
    if (c === ',' && !inQuotes) {
      tokens.push(token)
      token = ''
      continue
    }
    if (c === '"') {
      if (!escaped) inQuotes = !inQuotes
      else escaped = false
    } else if (c === '\\') escaped = !escaped
    else escaped = false
    token += c
  }
  if (token.trim() !== '') tokens.push(token.trim())
  return tokens.map(parseMatcher)
}

/** Builds a matcher from the API's `{name, value, isRegex, isEqual}` shape, validating the name. */
export function matcherFromApi(name: string, value: string, isRegex: boolean, isEqual: boolean): AmMatcher {
  if (!isLegacyLabelName(name)) throw new MatcherError(`invalid label name ${JSON.stringify(name)}`)
  const type: MatchType = isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!='
  return new AmMatcher(type, name, value)
}
