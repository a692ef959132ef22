import type { Token } from './tokens.js'
import { describeRune, quoteString } from './strings.js'

/** What the cursor returns past the end of input. */
export const EOF = -1

/** Space, tab, newline or carriage return. */
export const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
/** An ASCII digit (never other scripts' digits, as in Prometheus). */
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
/** An ASCII letter or underscore. */
export const isAlpha = (c: number): boolean =>
  c === 0x5f || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)
/** An ASCII letter, digit or underscore. */
export const isAlphaNumeric = (c: number): boolean => isAlpha(c) || isDigit(c)
// Lone surrogates cannot be encoded; U+FFFD is what invalid UTF-8 bytes decode to, and Go's
// lexer rejects it too.
const isInvalidRune = (c: number): boolean => (c >= 0xd800 && c <= 0xdfff) || c === 0xfffd

/** Thrown inside the lexer to end the scan with an ERROR token. */
export class LexFailure {
  constructor(readonly message: string) {}
}

/**
 * Character-level scanning for the lexer: a cursor over the input (in code points), and the
 * scanning of numbers, durations and strings with Prometheus's error messages.
 */
export abstract class Scanner {
  protected readonly tokens: Token[] = []
  protected pos = 0
  /** Where the token being scanned starts. */
  protected start = 0
  private width = 0

  constructor(protected readonly input: string) {}

  protected next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0
      return EOF
    }
    const c = this.input.codePointAt(this.pos) as number
    this.width = c > 0xffff ? 2 : 1
    this.pos += this.width
    return c
  }

  protected peek(): number {
    const c = this.next()
    this.backup()
    return c
  }

  protected backup(): void {
    this.pos -= this.width
  }

  protected accept(valid: string): boolean {
    const c = this.next()
    if (c !== EOF && valid.includes(String.fromCodePoint(c))) return true
    this.backup()
    return false
  }

  protected is(valid: string): boolean {
    const c = this.peek()
    return c !== EOF && valid.includes(String.fromCodePoint(c))
  }

  protected emit(kind: string): void {
    this.tokens.push({ kind, text: this.input.slice(this.start, this.pos), start: this.start, end: this.pos })
    this.start = this.pos
  }

  protected ignore(): void {
    this.start = this.pos
  }

  protected fail(message: string): never {
    throw new LexFailure(message)
  }

  protected skipSpaces(): void {
    while (isSpace(this.peek())) this.next()
    this.ignore()
  }

  protected skipComment(): void {
    while (this.pos < this.input.length && this.input[this.pos] !== '\n' && this.input[this.pos] !== '\r')
      this.pos++
    this.ignore()
  }

  protected lexString(quote: number): void {
    for (;;) {
      const c = this.next()
      if (c === 0x5c) this.lexEscape(quote)
      else if (isInvalidRune(c)) this.fail('invalid UTF-8 rune')
      else if (c === EOF || c === 0x0a) this.fail('unterminated quoted string')
      else if (c === quote) break
    }
    this.emit('STRING')
  }

  protected lexRawString(): void {
    for (;;) {
      const c = this.next()
      if (isInvalidRune(c)) this.fail('invalid UTF-8 rune')
      if (c === EOF) this.fail('unterminated raw string')
      if (c === 0x60) break
    }
    this.emit('STRING')
  }

  /** Validates one escape sequence; the backslash has been consumed. */
  protected lexEscape(quote: number): void {
    let ch = this.next()
    let digits: number
    let base: number
    let max: number
    if (ch === quote || 'abfnrtv\\'.includes(String.fromCodePoint(Math.max(ch, 0)))) return
    if (ch >= 0x30 && ch <= 0x37) [digits, base, max] = [3, 8, 255]
    else if (ch === 0x78) [digits, base, max, ch] = [2, 16, 255, this.next()]
    else if (ch === 0x75) [digits, base, max, ch] = [4, 16, 0x10ffff, this.next()]
    else if (ch === 0x55) [digits, base, max, ch] = [8, 16, 0x10ffff, this.next()]
    else if (ch === EOF) this.fail('escape sequence not terminated')
    else this.fail(`unknown escape sequence ${describeRune(ch)}`)
    let value = 0
    for (let n = digits; n > 0; n--) {
      const d = ch === EOF ? 16 : parseInt(String.fromCodePoint(ch), 16)
      if (Number.isNaN(d) || d >= base) {
        if (ch === EOF) this.fail('escape sequence not terminated')
        this.fail(`illegal character ${describeRune(ch)} in escape sequence`)
      }
      value = value * base + d
      if (n > 1) ch = this.next()
    }
    if (value > max || (value >= 0xd800 && value < 0xe000))
      this.fail('escape sequence is an invalid Unicode code point')
  }

  /** Scans a number, else a duration; the two share a prefix, so failing one falls into the other. */
  protected lexNumberOrDuration(): void {
    if (this.scanNumber()) {
      this.emit('NUMBER')
      return
    }
    if (this.acceptRemainingDuration()) {
      this.backup()
      this.emit('DURATION')
      return
    }
    this.fail(`bad number or duration syntax: ${quoteString(this.input.slice(this.start, this.pos))}`)
  }

  protected acceptRemainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false
    this.accept('s')
    while (this.accept('0123456789')) {
      while (this.accept('0123456789'));
      if (!this.accept('smhdw')) return false
      this.accept('s')
    }
    return !isAlphaNumeric(this.next())
  }

  /** Scans decimal, hex or float syntax; the text may still fail to parse as a number. */
  protected scanNumber(): boolean {
    const initial = this.pos
    let digits = '0123456789'
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_')
      digits = '0123456789abcdefABCDEF'
    }
    this.accept('.')
    this.accept(digits)
    let dotSeen = false
    let exponentSeen = false
    while (this.is(`${digits}._eE`)) {
      if (this.is('.') && dotSeen) {
        this.accept('.')
        return false
      }
      if (this.is('eE') && exponentSeen) {
        this.accept('eE')
        return false
      }
      if (this.accept('.')) {
        dotSeen = true
        if (this.accept('_.') || digits.length > 10) return false
        continue
      }
      // As in Prometheus, e/E is an exponent even after 0x, where it is also a hex digit.
      if (this.accept('eE')) {
        exponentSeen = true
        this.accept('+-')
        if (this.accept('._eE') || this.peek() === EOF) return false
        continue
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === EOF) return false
        continue
      }
      while (this.accept(digits));
    }
    if (this.pos === initial) return false
    return !isAlphaNumeric(this.peek())
  }
}
