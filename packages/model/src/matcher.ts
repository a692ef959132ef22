import { WatchfireError } from './errors.js'

/** The four label-matching operators of PromQL and the remote-read protocol. */
export type MatchType = '=' | '!=' | '=~' | '!~'

/** A regular expression Watchfire refuses because RE2 (Prometheus's regex engine) would refuse it. */
export class InvalidRegexError extends WatchfireError {
  constructor(pattern: string, reason: string) {
    super('ERR_INVALID_REGEX', `cannot compile regex ${JSON.stringify(pattern)} (${reason})`)
  }
}

/**
 * Translates an RE2 pattern into an equivalent JavaScript pattern, or throws InvalidRegexError.
 * Matching is always fully anchored and `.` matches a newline (Prometheus 3.x semantics).
 */
export function compileAnchoredRegex(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'su')
  } catch (err) {
    throw new InvalidRegexError(pattern, err instanceof Error ? err.message : String(err))
  }
}

/** One label matcher such as `job=~"api|web"`. Immutable; regexes are compiled once. */
export class Matcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
  private readonly regex: RegExp | undefined

  constructor(type: MatchType, name: string, value: string) {
    this.type = type
    this.name = name
    this.value = value
    this.regex = type === '=~' || type === '!~' ? compileAnchoredRegex(value) : undefined
  }

  /** True if a label value (`''` for an absent label) satisfies this matcher. */
  matches(value: string): boolean {
    switch (this.type) {
      case '=':
        return value === this.value
      case '!=':
        return value !== this.value
      case '=~':
        return (this.regex as RegExp).test(value)
      case '!~':
        return !(this.regex as RegExp).test(value)
    }
  }

  /** True if the matcher accepts the empty string, i.e. also selects series without the label. */
  matchesEmpty(): boolean {
    return this.matches('')
  }

  /** `name="value"` with the value escaped as PromQL prints it. */
  toString(): string {
    return `${this.name}${this.type}${JSON.stringify(this.value)}`
  }
}
