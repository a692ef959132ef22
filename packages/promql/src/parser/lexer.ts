import { AGGREGATORS, KEYWORDS, OPERATORS, PREPROCESSORS, type Token } from './tokens.js'
import { quoteRune } from './strings.js'
import { EOF, isAlpha, isAlphaNumeric, isDigit, isSpace, LexFailure, Scanner } from './scanner.js'

const DURATION_KEYWORDS = new Set(['step', 'range', 'max_of', 'min_of'])
const isDurationKeywordStart = (c: number): boolean =>
  's'.charCodeAt(0) === (c | 0x20) || 'r'.charCodeAt(0) === (c | 0x20) || 'm'.charCodeAt(0) === (c | 0x20)

/**
 * Splits a PromQL query into tokens, ending with one EOF token or, at the first lexical error,
 * one ERROR token whose text is Prometheus's message and whose range runs to the end of input.
 * Like Prometheus's lexer it tracks parentheses, braces (where keywords are plain identifiers)
 * and brackets (where only durations, their operators and step()/range()/min_of()/max_of() occur).
 */
export function lex(input: string): Token[] {
  return new Lexer(input).run()
}

class Lexer extends Scanner {
  private parenDepth = 0
  private braceOpen = false
  private bracketOpen = false
  private gotColon = false
  private gotDuration = false
  /** Prometheus lexes right after `[` (and after most tokens there) in a dedicated state. */
  private durationState = false

  run(): Token[] {
    try {
      for (;;) {
        const done = this.braceOpen
          ? this.lexInsideBraces()
          : this.durationState
            ? this.lexDurationExpr()
            : this.lexStatement()
        if (done) return this.tokens
      }
    } catch (err) {
      if (!(err instanceof LexFailure)) throw err
      this.tokens.push({ kind: 'ERROR', text: err.message, start: this.start, end: this.input.length })
      return this.tokens
    }
  }

  /** Returns true once EOF has been emitted. */
  private lexStatement(): boolean {
    if (this.input.startsWith('#', this.pos)) {
      this.skipComment()
      return false
    }
    const c = this.next()
    if (c === EOF) {
      if (this.parenDepth !== 0) this.fail('unclosed left parenthesis')
      if (this.bracketOpen) this.fail('unclosed left bracket')
      this.emit('EOF')
      return true
    }
    if (isSpace(c)) {
      this.skipSpaces()
      return false
    }
    const ch = String.fromCodePoint(c)
    switch (ch) {
      case ',':
      case '*':
      case '/':
      case '%':
      case '+':
      case '-':
      case '^':
      case '@':
        this.emit(ch)
        return false
      case '=':
        if (this.peek() === 0x3d) {
          this.next()
          this.emit('==')
        } else if (this.peek() === 0x7e) {
          this.fail(`unexpected character after '=': ${quoteRune(0x7e)}`)
        } else this.emit('=')
        return false
      case '!': {
        const n = this.next()
        if (n !== 0x3d) this.fail(`unexpected character after '!': ${quoteRune(n === EOF ? 0xfffd : n)}`)
        this.emit('!=')
        return false
      }
      case '<':
      case '>':
        if (this.accept('=')) this.emit(`${ch}=`)
        else if (this.accept('/')) this.emit(`${ch}/`)
        else this.emit(ch)
        return false
      case '"':
      case "'":
        this.lexString(c)
        return false
      case '`':
        this.lexRawString()
        return false
      case '(':
        this.emit('(')
        this.parenDepth++
        return false
      case ')':
        this.closeParen()
        return false
      case '{':
        this.emit('{')
        this.braceOpen = true
        return false
      case '[':
        if (this.bracketOpen) this.fail(`unexpected left bracket ${quoteRune(c)}`)
        this.gotColon = false
        this.emit('[')
        this.skipSpaces()
        this.bracketOpen = true
        this.durationState = true
        return false
      case ']':
        if (!this.bracketOpen) this.fail(`unexpected right bracket ${quoteRune(c)}`)
        this.emit(']')
        this.bracketOpen = false
        return false
    }
    if (isDigit(c) || (c === 0x2e && isDigit(this.peek()))) {
      this.backup()
      this.lexNumberOrDuration()
      return false
    }
    if (isAlpha(c) || c === 0x3a) {
      if (!this.bracketOpen) {
        this.backup()
        this.lexKeywordOrIdentifier()
        return false
      }
      if (c === 0x3a) {
        if (this.gotColon) this.fail(`unexpected colon ${quoteRune(c)}`)
        this.emit(':')
        this.gotColon = true
        return false
      }
      if (isDurationKeywordStart(c) && this.scanDurationKeyword()) return false
      this.fail(`unexpected character: ${quoteRune(c)}, expected ${quoteRune(0x3a)}`)
    }
    this.fail(`unexpected character: ${quoteRune(c)}`)
  }

  private lexDurationExpr(): boolean {
    const c = this.next()
    if (c === EOF) this.fail('unexpected end of input in duration expression')
    const ch = String.fromCodePoint(c)
    switch (ch) {
      case ']':
        this.emit(']')
        this.bracketOpen = false
        this.gotColon = false
        this.durationState = false
        return false
      case ':':
        // Upstream reports these errors after the colon.
        this.ignore()
        if (!this.gotDuration) this.fail('unexpected colon before duration in duration expression')
        if (this.gotColon) this.fail('unexpected repeated colon in duration expression')
        this.start -= 1
        this.emit(':')
        this.gotColon = true
        return false
      case '(':
        this.emit('(')
        this.parenDepth++
        return false
      case ')':
        this.closeParen()
        return false
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '^':
      case ',':
        this.emit(ch)
        return false
    }
    if (isSpace(c)) {
      this.skipSpaces()
      return false
    }
    if (isDurationKeywordStart(c)) {
      if (this.scanDurationKeyword()) return false
      this.fail(`unexpected character in duration expression: ${quoteRune(c)}`)
    }
    if (isDigit(c) || (c === 0x2e && isDigit(this.peek()))) {
      this.backup()
      this.gotDuration = true
      this.durationState = false
      this.lexNumberOrDuration()
      return false
    }
    this.fail(`unexpected character in duration expression: ${quoteRune(c)}`)
  }

  private lexInsideBraces(): boolean {
    if (this.input.startsWith('#', this.pos)) {
      this.skipComment()
      return false
    }
    const c = this.next()
    if (c === EOF) this.fail('unexpected end of input inside braces')
    if (isSpace(c)) {
      this.skipSpaces()
      return false
    }
    if (isAlpha(c)) {
      while (isAlphaNumeric(this.next()));
      this.backup()
      this.emit('IDENTIFIER')
      return false
    }
    switch (String.fromCodePoint(c)) {
      case ',':
        this.emit(',')
        return false
      case '"':
      case "'":
        this.lexString(c)
        return false
      case '`':
        this.lexRawString()
        return false
      case '=':
        this.emit(this.accept('~') ? '=~' : '=')
        return false
      case '!': {
        const n = this.next()
        if (n === 0x7e) this.emit('!~')
        else if (n === 0x3d) this.emit('!=')
        else this.fail(`unexpected character after '!' inside braces: ${quoteRune(n === EOF ? 0xfffd : n)}`)
        return false
      }
      case '{':
        this.fail(`unexpected left brace ${quoteRune(c)}`)
        break
      case '}':
        this.emit('}')
        this.braceOpen = false
        return false
    }
    this.fail(`unexpected character inside braces: ${quoteRune(c)}`)
  }

  private closeParen(): void {
    this.parenDepth--
    if (this.parenDepth >= 0) this.emit(')')
    else {
      // Upstream reports the error after the parenthesis.
      this.ignore()
      this.fail(`unexpected right parenthesis ${quoteRune(0x29)}`)
    }
  }

  private scanDurationKeyword(): boolean {
    while (isAlpha(this.next()));
    this.backup()
    const word = this.input.slice(this.start, this.pos).toLowerCase()
    if (!DURATION_KEYWORDS.has(word)) return false
    this.emit(word)
    return true
  }

  private lexKeywordOrIdentifier(): void {
    for (;;) {
      const c = this.next()
      if (!(isAlphaNumeric(c) || c === 0x3a)) break
    }
    this.backup()
    const word = this.input.slice(this.start, this.pos)
    const lower = word.toLowerCase()
    if (lower === 'inf' || lower === 'nan') this.emit('NUMBER')
    else if (
      KEYWORDS.has(lower) ||
      AGGREGATORS.has(lower) ||
      OPERATORS.has(lower) ||
      PREPROCESSORS.has(lower)
    ) {
      // fill/fill_left/fill_right are keywords only before "(", so existing metrics named fill keep working.
      const contextual = lower === 'fill' || lower === 'fill_left' || lower === 'fill_right'
      this.emit(contextual && !this.followedByLeftParen() ? 'IDENTIFIER' : lower)
    } else this.emit(word.includes(':') ? 'METRIC_IDENTIFIER' : 'IDENTIFIER')
  }

  private followedByLeftParen(): boolean {
    for (let i = this.pos; i < this.input.length; i++) {
      const c = this.input.charCodeAt(i)
      if (!isSpace(c)) return c === 0x28
    }
    return false
  }
}
