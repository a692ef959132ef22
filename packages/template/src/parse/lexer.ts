import { KEYWORDS, type Item, type ItemType } from './item.js'

const TRIM_MARKER = '-'
const COMMENT_OPEN = '/*'
const COMMENT_CLOSE = '*/'

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n'
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c))
}

/** Go's %#U: `U+0041 'A'`. */
function formatRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0')
  return /^\P{C}$/u.test(c) ? `${hex} '${c}'` : hex
}

/**
 * Splits template text into tokens the way Go's text/template lexer does, including its error
 * tokens ("unclosed action", "bad number syntax: …"), which end the token list.
 */
export function lex(input: string, leftDelim = '{{', rightDelim = '}}'): Item[] {
  return new Lexer(input, leftDelim, rightDelim).run()
}

class Lexer {
  private pos = 0
  private start = 0
  private startLine = 1
  private parenDepth = 0
  private readonly items: Item[] = []
  private insideAction = false

  constructor(
    private readonly input: string,
    private readonly leftDelim: string,
    private readonly rightDelim: string,
  ) {}

  run(): Item[] {
    for (;;) {
      const done = this.insideAction ? this.lexInsideAction() : this.lexText()
      if (done) return this.items
    }
  }

  private emit(type: ItemType): void {
    const val = this.input.slice(this.start, this.pos)
    this.items.push({ type, val, pos: this.start, line: this.startLine })
    this.startLine += countNewlines(val)
    this.start = this.pos
  }

  private ignore(): void {
    this.startLine += countNewlines(this.input.slice(this.start, this.pos))
    this.start = this.pos
  }

  private error(message: string): true {
    this.items.push({ type: 'error', val: message, pos: this.start, line: this.startLine })
    return true
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1
      return undefined
    }
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0)
    this.pos += c.length
    return c
  }

  private backup(c: string | undefined): void {
    if (c === undefined) {
      this.pos = this.input.length
      return
    }
    this.pos -= c.length
  }

  private peek(): string | undefined {
    const c = this.next()
    this.backup(c)
    return c
  }

  private accept(valid: string): boolean {
    const c = this.next()
    if (c !== undefined && valid.includes(c)) return true
    this.backup(c)
    return false
  }

  private acceptRun(valid: string): void {
    for (;;) {
      const c = this.next()
      if (c === undefined || !valid.includes(c)) {
        this.backup(c)
        return
      }
    }
  }

  /** Advances over plain text up to the next left delimiter, honouring a `{{- ` trim marker. */
  private lexText(): boolean {
    const x = this.input.indexOf(this.leftDelim, this.pos)
    if (x < 0) {
      this.pos = this.input.length
      if (this.pos > this.start) this.emit('text')
      this.emit('eof')
      return true
    }
    const trim = this.hasLeftTrimMarker(x + this.leftDelim.length)
    let textEnd = x
    if (trim) {
      while (textEnd > this.start && isSpace(this.input[textEnd - 1])) textEnd--
    }
    this.pos = textEnd
    if (this.pos > this.start) this.emit('text')
    this.pos = x
    this.ignore()
    return this.lexLeftDelim(trim)
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input[at] === TRIM_MARKER && isSpace(this.input[at + 1])
  }

  /** True when the input at `at` is a right delimiter, possibly preceded by ` -`. */
  private atRightDelim(at: number): { delim: boolean; trim: boolean } {
    if (
      isSpace(this.input[at]) &&
      this.input[at + 1] === TRIM_MARKER &&
      this.input.startsWith(this.rightDelim, at + 2)
    ) {
      return { delim: true, trim: true }
    }
    return { delim: this.input.startsWith(this.rightDelim, at), trim: false }
  }

  private lexLeftDelim(trim: boolean): boolean {
    this.pos += this.leftDelim.length
    const afterMarker = trim ? 2 : 0
    if (this.input.startsWith(COMMENT_OPEN, this.pos + afterMarker)) {
      this.pos += afterMarker
      this.ignore()
      return this.lexComment()
    }
    this.emit('leftDelim')
    this.pos += afterMarker
    this.ignore()
    this.parenDepth = 0
    this.insideAction = true
    return false
  }

  private lexComment(): boolean {
    this.pos += COMMENT_OPEN.length
    const x = this.input.indexOf(COMMENT_CLOSE, this.pos)
    if (x < 0) return this.error('unclosed comment')
    this.pos = x + COMMENT_CLOSE.length
    const { delim, trim } = this.atRightDelim(this.pos)
    if (!delim) return this.error('comment ends before closing delimiter')
    this.ignore()
    this.pos += (trim ? 2 : 0) + this.rightDelim.length
    this.ignore()
    if (trim) this.skipLeadingSpace()
    return false
  }

  private skipLeadingSpace(): void {
    while (isSpace(this.input[this.pos])) this.pos++
    this.ignore()
  }

  private lexRightDelim(trim: boolean): boolean {
    if (trim) {
      this.pos += 2
      this.ignore()
    }
    this.pos += this.rightDelim.length
    this.emit('rightDelim')
    if (trim) this.skipLeadingSpace()
    this.insideAction = false
    return false
  }

  private lexInsideAction(): boolean {
    const { delim, trim } = this.atRightDelim(this.pos)
    if (delim) {
      if (this.parenDepth === 0) return this.lexRightDelim(trim)
      return this.error('unclosed left paren')
    }
    const c = this.next()
    if (c === undefined) return this.error('unclosed action')
    if (isSpace(c)) {
      this.backup(c)
      return this.lexSpace()
    }
    switch (c) {
      case '=':
        this.emit('assign')
        return false
      case ':':
        if (this.next() !== '=') return this.error('expected :=')
        this.emit('declare')
        return false
      case '|':
        this.emit('pipe')
        return false
      case '"':
        return this.lexQuote()
      case '`':
        return this.lexRawQuote()
      case '$':
        return this.lexFieldOrVariable('variable')
      case "'":
        return this.lexChar()
      case '.': {
        const n = this.peek()
        if (n !== undefined && n >= '0' && n <= '9') {
          this.backup(c)
          return this.lexNumber()
        }
        return this.lexFieldOrVariable('field')
      }
      case '(':
        this.emit('leftParen')
        this.parenDepth++
        return false
      case ')':
        this.emit('rightParen')
        this.parenDepth--
        if (this.parenDepth < 0) return this.error('unexpected right paren')
        return false
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.backup(c)
      return this.lexNumber()
    }
    if (isAlphaNumeric(c)) {
      this.backup(c)
      return this.lexIdentifier()
    }
    if ((c.codePointAt(0) ?? 0) <= 0x7f && /^[\x20-\x7e]$/.test(c)) {
      this.emit('char')
      return false
    }
    return this.error(`unrecognized character in action: ${formatRune(c)}`)
  }

  private lexSpace(): boolean {
    while (isSpace(this.input[this.pos])) {
      // A space that starts a ` -}}` trim marker belongs to the delimiter.
      if (this.atRightDelim(this.pos).trim) break
      this.next()
    }
    if (this.pos > this.start) this.emit('space')
    return false
  }

  private lexIdentifier(): boolean {
    for (;;) {
      const c = this.next()
      if (isAlphaNumeric(c)) continue
      this.backup(c)
      const word = this.input.slice(this.start, this.pos)
      if (!this.atTerminator()) return this.error(`bad character ${formatRune(this.peek() ?? '')}`)
      const keyword = KEYWORDS.get(word)
      if (keyword !== undefined && keyword !== 'dot') this.emit(keyword)
      else if (word === 'true' || word === 'false') this.emit('bool')
      else this.emit('identifier')
      return false
    }
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      if (type === 'variable') this.emit('variable')
      else this.emit('dot')
      return false
    }
    for (;;) {
      const c = this.next()
      if (isAlphaNumeric(c)) continue
      this.backup(c)
      break
    }
    if (!this.atTerminator()) return this.error(`bad character ${formatRune(this.peek() ?? '')}`)
    this.emit(type)
    return false
  }

  private atTerminator(): boolean {
    const c = this.peek()
    if (c === undefined || isSpace(c)) return true
    if ('.,|:()='.includes(c)) return true
    return this.input.startsWith(this.rightDelim, this.pos)
  }

  private lexChar(): boolean {
    for (;;) {
      let c = this.next()
      if (c === '\\') {
        c = this.next()
        if (c !== undefined && c !== '\n') continue
      }
      if (c === undefined || c === '\n') return this.error('unterminated character constant')
      if (c === "'") break
    }
    this.emit('charConstant')
    return false
  }

  private lexQuote(): boolean {
    for (;;) {
      let c = this.next()
      if (c === '\\') {
        c = this.next()
        if (c !== undefined && c !== '\n') continue
      }
      if (c === undefined || c === '\n') return this.error('unterminated quoted string')
      if (c === '"') break
    }
    this.emit('string')
    return false
  }

  private lexRawQuote(): boolean {
    const end = this.input.indexOf('`', this.pos)
    if (end < 0) return this.error('unterminated raw quoted string')
    this.pos = end + 1
    this.emit('rawString')
    return false
  }

  private lexNumber(): boolean {
    if (!this.scanNumber())
      return this.error(`bad number syntax: "${this.input.slice(this.start, this.pos)}"`)
    const sign = this.peek()
    if (sign === '+' || sign === '-') {
      // A complex constant such as 1+2i.
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: "${this.input.slice(this.start, this.pos)}"`)
      }
      this.emit('complex')
      return false
    }
    this.emit('number')
    return false
  }

  private scanNumber(): boolean {
    this.accept('+-')
    let digits = '0123456789_'
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_'
      else if (this.accept('oO')) digits = '01234567_'
      else if (this.accept('bB')) digits = '01_'
    }
    this.acceptRun(digits)
    if (this.accept('.')) this.acceptRun(digits)
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-')
      this.acceptRun('0123456789_')
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-')
      this.acceptRun('0123456789_')
    }
    this.accept('i')
    if (isAlphaNumeric(this.peek())) {
      this.next()
      return false
    }
    return true
  }
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++
  return n
}
