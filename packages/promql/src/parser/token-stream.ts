import type { PositionRange } from './ast.js'
import { lex } from './lexer.js'
import { PromQLParseError } from './parse-error.js'
import { describeToken, type Token, type TokenKind } from './tokens.js'

/** Which experimental syntax the parser accepts; Prometheus keeps each behind a feature flag. */
export interface ParseOptions {
  /** Experimental functions and the limitk/limit_ratio aggregations. Default true. */
  experimentalFunctions?: boolean
  /** Arithmetic in ranges, steps and offsets (`[5m+1m]`, `offset step()`). Default true. */
  durationExpressions?: boolean
  /** The `anchored` and `smoothed` range modifiers. Default true. */
  extendedRangeSelectors?: boolean
  /** The `fill`, `fill_left` and `fill_right` binary-operator modifiers. Default true. */
  binopFillModifiers?: boolean
}

/** The lexed query plus a cursor; every parse error goes through `fail`. */
export class TokenStream {
  private readonly tokens: Token[]
  private index = 0
  /** End offset of the last consumed token, i.e. where the node being built currently ends. */
  lastEnd = 0
  /** How many sub-expressions enclose the parser's position; bounded by the parser. */
  depth = 0
  readonly options: Required<ParseOptions>

  constructor(
    readonly input: string,
    options: ParseOptions,
  ) {
    this.tokens = lex(input)
    this.options = {
      experimentalFunctions: options.experimentalFunctions ?? true,
      durationExpressions: options.durationExpressions ?? true,
      extendedRangeSelectors: options.extendedRangeSelectors ?? true,
      binopFillModifiers: options.binopFillModifiers ?? true,
    }
  }

  /** The token `ahead` positions after the cursor (the last token, EOF or ERROR, repeats). */
  peek(ahead = 0): Token {
    const tokens = this.tokens
    return (tokens[this.index + ahead] ?? tokens[tokens.length - 1]) as Token
  }

  /** True if the next token has the given kind. */
  at(kind: TokenKind): boolean {
    return this.peek().kind === kind
  }

  /** Consumes and returns the next token. A lexical error surfaces here, where Prometheus reports it. */
  next(): Token {
    const t = this.peek()
    if (t.kind === 'ERROR') this.fail(t, t.text)
    if (t.kind !== 'EOF') this.index++
    this.lastEnd = t.end
    return t
  }

  /** Consumes the next token if it has the given kind. */
  accept(kind: TokenKind): Token | undefined {
    return this.at(kind) ? this.next() : undefined
  }

  /** Throws a parse error over `range`. */
  fail(range: PositionRange, detail: string): never {
    throw new PromQLParseError(this.input, { start: range.start, end: range.end }, detail)
  }

  /** Throws Prometheus's "unexpected X[ in context][, expected Y]" error for the next token. */
  unexpected(context = '', expected = ''): never {
    const t = this.peek()
    if (t.kind === 'ERROR') this.fail(t, t.text)
    let detail = `unexpected ${describeToken(t)}`
    if (context !== '') detail += ` in ${context}`
    if (expected !== '') detail += `, expected ${expected}`
    this.fail(t, detail)
  }

  /** Consumes a token of the given kind, or fails with `unexpected(context, expected)`. */
  expect(kind: TokenKind, context = '', expected = ''): Token {
    return this.accept(kind) ?? this.unexpected(context, expected)
  }
}
