import { InvalidRegexError } from './re2/invalid-regex-error.js'
import { findFastMatch, runFastMatch, type FastMatch } from './re2/fast-path.js'
import { compileRe2, type Re2Regex } from './re2/re2-regex.js'

export { InvalidRegexError }
export type { Re2Regex }

/** The four label-matching operators of PromQL and the remote-read protocol. */
export type MatchType = '=' | '!=' | '=~' | '!~'

/**
 * Compiles an RE2 pattern for whole-value matching, or throws InvalidRegexError for anything RE2
 * would refuse. Matching is always fully anchored and `.` matches a newline unless the pattern
 * says `(?-s)` (Prometheus 3.x semantics). Like RE2, matching takes time linear in the value's
 * length whatever the pattern: shapes that could make V8 backtrack run on a Pike VM instead.
 */
export function compileAnchoredRegex(pattern: string): Re2Regex {
  return compileRe2(pattern).regex
}

/** One label matcher such as `job=~"api|web"`. Immutable; regexes are compiled once. */
export class Matcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
  private readonly regex: Re2Regex | undefined
  private readonly fast: FastMatch | undefined
  private readonly set: ReadonlySet<string> | undefined

  constructor(type: MatchType, name: string, value: string) {
    this.type = type
    this.name = name
    this.value = value
    if (type === '=~' || type === '!~') {
      const compiled = compileRe2(value)
      this.regex = compiled.regex
      this.fast = findFastMatch(compiled.root)
      if (this.fast?.kind === 'set') this.set = new Set(this.fast.values)
    }
  }

  /** True if a label value (`''` for an absent label) satisfies this matcher. */
  matches(value: string): boolean {
    switch (this.type) {
      case '=':
        return value === this.value
      case '!=':
        return value !== this.value
      case '=~':
        return this.regexMatches(value)
      case '!~':
        return !this.regexMatches(value)
    }
  }

  /** True if the matcher accepts the empty string, i.e. also selects series without the label. */
  matchesEmpty(): boolean {
    return this.matches('')
  }

  /**
   * For `=~` over a finite set of literals (`a|b|c`), those literals, so an index can look them
   * up directly instead of testing every value; otherwise undefined.
   */
  setMatches(): readonly string[] | undefined {
    return this.type === '=~' && this.fast?.kind === 'set' ? this.fast.values : undefined
  }

  /** `name="value"` with the value escaped as PromQL prints it. */
  toString(): string {
    return `${this.name}${this.type}${JSON.stringify(this.value)}`
  }

  private regexMatches(value: string): boolean {
    if (this.fast !== undefined) return runFastMatch(this.fast, this.set, value)
    return (this.regex as Re2Regex).test(value)
  }
}
