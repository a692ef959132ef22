import { InvalidRegexError } from './invalid-regex-error.js'

/** A position in a pattern being parsed, with the primitives every parsing step shares. */
export class Cursor {
  readonly src: string
  pos = 0

  constructor(src: string) {
    this.src = src
  }

  /** Throws InvalidRegexError naming the problem and where it starts. */
  fail(reason: string, at: number): never {
    throw new InvalidRegexError(this.src, reason, at)
  }

  /** The code point at the cursor, if any. */
  peek(): number | undefined {
    return this.src.codePointAt(this.pos)
  }

  /** Consumes and returns one code point. */
  take(): number {
    const cp = this.src.codePointAt(this.pos)
    if (cp === undefined) this.fail('unexpected end of pattern', this.pos)
    this.pos += cp > 0xffff ? 2 : 1
    return cp
  }

  /** True if the text at the cursor starts with `s`. */
  lookingAt(s: string): boolean {
    return this.src.startsWith(s, this.pos)
  }
}
