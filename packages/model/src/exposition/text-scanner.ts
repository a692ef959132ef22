import { ParseError } from '../errors.js'

const NAME_START = 1
const NAME_CHAR = 2
const LABEL_START = 4
const LABEL_CHAR = 8

/** ASCII character classes of the classic name grammars, one table lookup per character. */
const charClass = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  const alpha = /[A-Za-z_]/.test(ch)
  const digit = c >= 48 && c <= 57
  charClass[c] =
    (alpha || ch === ':' ? NAME_START | NAME_CHAR : 0) |
    (digit ? NAME_CHAR | LABEL_CHAR : 0) |
    (alpha ? LABEL_START | LABEL_CHAR : 0)
}

function hasClass(c: number, cls: number): boolean {
  return c < 128 && ((charClass[c] as number) & cls) !== 0
}

const SPACE = 32
const TAB = 9
const NEWLINE = 10
const QUOTE = 34
const BACKSLASH = 92

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/**
 * The lexical layer shared by the text 0.0.4 and OpenMetrics stream parsers: one cursor over the
 * input, positions as 1-based line and column, and scanners for names, quoted label values, label
 * sets and numbers. `lenient` selects text 0.0.4's tolerance (blanks around label tokens, a trailing
 * comma); OpenMetrics allows neither.
 */
export class TextScanner {
  protected readonly src: string
  protected pos = 0
  protected lineNo = 0
  protected lineStart = 0
  private readonly lenient: boolean

  protected constructor(src: string, lenient: boolean) {
    this.src = src
    this.lenient = lenient
  }

  /** The 1-based line of the current entry. */
  get line(): number {
    return this.lineNo
  }

  protected fail(message: string, at: number = this.pos): never {
    throw new ParseError(message, { line: this.lineNo, column: at - this.lineStart + 1 })
  }

  /** A short description of what stands at `at`, for "expected X, found Y" messages. */
  protected found(at: number = this.pos): string {
    if (at >= this.src.length) return 'end of input'
    const c = this.src.charCodeAt(at)
    if (c === NEWLINE) return 'end of line'
    if (c === SPACE) return 'a space'
    if (c === TAB) return 'a tab'
    return JSON.stringify(this.src[at])
  }

  protected expectChar(code: number, what: string): void {
    if (this.src.charCodeAt(this.pos) !== code) this.fail(`expected ${what}, found ${this.found()}`)
    this.pos++
  }

  protected skipBlanks(): void {
    const src = this.src
    let c = src.charCodeAt(this.pos)
    while (c === SPACE || c === TAB) c = src.charCodeAt(++this.pos)
  }

  protected skipLenientBlanks(): void {
    if (this.lenient) this.skipBlanks()
  }

  /** Scans a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
  protected scanMetricName(): string {
    const src = this.src
    const start = this.pos
    if (!hasClass(src.charCodeAt(start), NAME_START)) this.fail(`expected metric name, found ${this.found()}`)
    let p = start + 1
    while (hasClass(src.charCodeAt(p), NAME_CHAR)) p++
    this.pos = p
    return src.slice(start, p)
  }

  /** Scans a label name (`[a-zA-Z_][a-zA-Z0-9_]*`). */
  protected scanLabelName(): string {
    const src = this.src
    const start = this.pos
    if (!hasClass(src.charCodeAt(start), LABEL_START)) this.fail(`expected label name, found ${this.found()}`)
    let p = start + 1
    while (hasClass(src.charCodeAt(p), LABEL_CHAR)) p++
    this.pos = p
    return src.slice(start, p)
  }

  /**
   * Scans a double-quoted string and unescapes `\\`, `\"` and `\n`. Other escapes are kept verbatim,
   * as Prometheus's parsers and the OpenMetrics conformance suite accept them.
   */
  protected scanQuoted(): string {
    const src = this.src
    this.expectChar(QUOTE, 'opening double quote')
    const start = this.pos
    let p = start
    let out: string | undefined
    let chunk = start
    for (;;) {
      const c = src.charCodeAt(p)
      if (c === QUOTE) break
      if (c === NEWLINE || p >= src.length) this.fail('expected closing double quote of label value', p)
      if (c === BACKSLASH) {
        const e = src.charCodeAt(p + 1)
        const rep = e === BACKSLASH ? '\\' : e === QUOTE ? '"' : e === 110 /* n */ ? '\n' : undefined
        if (rep !== undefined) {
          out = (out ?? '') + src.slice(chunk, p) + rep
          p += 2
          chunk = p
          continue
        }
      }
      p++
    }
    this.pos = p + 1
    return out === undefined ? src.slice(start, p) : out + src.slice(chunk, p)
  }

  /**
   * Scans `{name="value",…}` into `names`/`values` from index 0 and returns the count. Rejects
   * duplicate names. The cursor must be on `{`; it ends after `}`.
   */
  protected scanLabels(names: string[], values: string[]): number {
    const src = this.src
    this.pos++
    this.skipLenientBlanks()
    let n = 0
    if (src.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++
      return 0
    }
    for (;;) {
      const at = this.pos
      const name = this.scanLabelName()
      for (let i = 0; i < n; i++) {
        if (names[i] === name) this.fail(`duplicate label name "${name}"`, at)
      }
      this.skipLenientBlanks()
      this.expectChar(61 /* = */, `"=" after label name "${name}"`)
      this.skipLenientBlanks()
      if (src.charCodeAt(this.pos) !== QUOTE)
        this.fail(`expected quoted value of label "${name}", found ${this.found()}`)
      names[n] = name
      values[n] = this.scanQuoted()
      n++
      this.skipLenientBlanks()
      const c = src.charCodeAt(this.pos)
      if (c === 125 /* } */) {
        this.pos++
        return n
      }
      if (c !== 44 /* , */) this.fail(`expected "," or "}" in label set, found ${this.found()}`)
      this.pos++
      this.skipLenientBlanks()
      if (this.lenient && src.charCodeAt(this.pos) === 125) {
        this.pos++
        return n
      }
    }
  }

  /** The end of the token starting at `start`: the next space, tab, newline or end of input. */
  protected tokenEnd(start: number): number {
    const src = this.src
    let p = start
    for (;;) {
      const c = src.charCodeAt(p)
      if (c === SPACE || c === NEWLINE || c === TAB || p >= src.length) return p
      p++
    }
  }

  /**
   * Parses `src[start, end)` as a float: a decimal real number (`[+-]digits[.digits][e[+-]digits]`,
   * leading zeros allowed, no hex, no underscores) or, when `specials`, case-insensitive `Inf`,
   * `Infinity` (either signed) or `NaN`. Fails naming `what` otherwise.
   */
  protected parseFloatToken(start: number, end: number, specials: boolean, what: string): number {
    const fast = plainDecimal(this.src, start, end)
    if (fast === fast) return fast
    const token = this.src.slice(start, end)
    if (isRealNumber(token)) return Number(token)
    if (specials) {
      const v = parseSpecialFloat(token)
      if (v !== undefined) return v
    }
    return this.fail(
      `expected ${what}, found ${token === '' ? this.found(start) : JSON.stringify(token)}`,
      start,
    )
  }
}

/** Powers of ten that doubles hold exactly. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i)

/**
 * `src[start, end)` as a number when it is `[+-]digits[.digits]` with at most 15 digits, else NaN.
 * Both the digits and the power of ten are exact doubles, so the one division rounds correctly and
 * the result equals Number()'s, without slicing a string per sample.
 */
function plainDecimal(src: string, start: number, end: number): number {
  let i = start
  let c = src.charCodeAt(i)
  const negative = c === 45
  if (negative || c === 43) c = src.charCodeAt(++i)
  if (end - i > 16 || i === end) return NaN
  let m = 0
  let digits = 0
  let point = -1
  for (; i < end; i++) {
    c = src.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48)
      digits++
    } else if (c === 46 && point === -1) point = digits
    else return NaN
  }
  if (digits === 0 || digits > 15) return NaN
  const v = point === -1 ? m : m / (EXACT_POWERS_OF_TEN[digits - point] as number)
  return negative ? -v : v
}

/** True if `s` is a decimal real number as OpenMetrics's ABNF and Go's ParseFloat spell one. */
export function isRealNumber(s: string): boolean {
  let i = 0
  const n = s.length
  let c = s.charCodeAt(0)
  if (c === 43 || c === 45) c = s.charCodeAt(++i)
  let digits = 0
  while (isDigit(c)) {
    digits++
    c = s.charCodeAt(++i)
  }
  if (c === 46 /* . */) {
    c = s.charCodeAt(++i)
    while (isDigit(c)) {
      digits++
      c = s.charCodeAt(++i)
    }
  }
  if (digits === 0) return false
  if (c === 101 || c === 69 /* e E */) {
    c = s.charCodeAt(++i)
    if (c === 43 || c === 45) c = s.charCodeAt(++i)
    if (!isDigit(c)) return false
    while (isDigit(c)) c = s.charCodeAt(++i)
  }
  return i === n
}

/** `±Inf`, `±Infinity` or `NaN`, any case; `undefined` for anything else. */
export function parseSpecialFloat(s: string): number | undefined {
  const c = s.charCodeAt(0)
  const signed = c === 43 || c === 45
  const word = (signed ? s.slice(1) : s).toLowerCase()
  if (word === 'inf' || word === 'infinity') return c === 45 ? -Infinity : Infinity
  if (word === 'nan' && !signed) return NaN
  return undefined
}

/**
 * Sets a label on a plain record. Plain objects stay fast for V8 (null-prototype ones go to dictionary
 * mode); the one name that would hit the prototype, `__proto__`, is defined as an own property.
 */
export function putLabel(record: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__')
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true })
  else record[name] = value
}
