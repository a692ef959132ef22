import { InvalidRegexError } from './re2/invalid-regex-error.js'
import { emitJs } from './re2/emit.js'
import { findFastMatch, runFastMatch, type FastMatch } from './re2/fast-path.js'
import { parseRe2 } from './re2/parser.js'

export { InvalidRegexError }

/** The four label-matching operators of PromQL and the remote-read protocol. */
export type MatchType = '=' | '!=' | '=~' | '!~'

/** A compiled RE2 pattern: the anchored JS regex and, when the shape allows, a faster path. */
interface CompiledRegex {
  regex: RegExp
  fast: FastMatch | undefined
}

function compile(pattern: string): CompiledRegex {
  const root = parseRe2(pattern)
  const { source, ignoreCase } = emitJs(pattern, root)
  let regex: RegExp
  try {
    regex = new RegExp(`^(?:${source})$`, ignoreCase ? 'iu' : 'u')
  } catch (err) {
    // The translator should only emit valid JS; if it did not, say so rather than crash later.
    throw new InvalidRegexError(
      pattern,
      `cannot translate to JavaScript: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  return { regex, fast: findFastMatch(root) }
}

/**
 * Translates an RE2 pattern into an equivalent JavaScript regex, or throws InvalidRegexError for
 * anything RE2 would refuse. Matching is always fully anchored and `.` matches a newline unless
 * the pattern says `(?-s)` (Prometheus 3.x semantics).
 */
export function compileAnchoredRegex(pattern: string): RegExp {
  return compile(pattern).regex
}

/** One label matcher such as `job=~"api|web"`. Immutable; regexes are compiled once. */
export class Matcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
  private readonly regex: RegExp | undefined
  private readonly fast: FastMatch | undefined
  private readonly set: ReadonlySet<string> | undefined

  constructor(type: MatchType, name: string, value: string) {
    this.type = type
    this.name = name
    this.value = value
    if (type === '=~' || type === '!~') {
      const compiled = compile(value)
      this.regex = compiled.regex
      this.fast = compiled.fast
      if (compiled.fast?.kind === 'set') this.set = new Set(compiled.fast.values)
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
    return (this.regex as RegExp).test(value)
  }
}
