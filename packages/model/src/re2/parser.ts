import { MAX_REPEAT, type Re2Node } from './ast.js'
import { Cursor } from './cursor.js'

/** The deepest group nesting accepted, as Go's regexp/syntax bounds it. */
const MAX_NESTING = 1000
import { parseClass, parseClassEscape, parseEscapedChar } from './escapes.js'

interface Flags {
  fold: boolean
  multiLine: boolean
  dotNL: boolean
  ungreedy: boolean
}

/**
 * Parses RE2 syntax (as Go's regexp/syntax does with Perl flags) into a tree, rejecting what RE2
 * rejects: backreferences, lookarounds, atomic and possessive forms, bad escapes, counts over 1000.
 * `.` matches a newline by default, as Prometheus 3.x compiles every pattern with `(?s)`.
 */
export function parseRe2(pattern: string): Re2Node {
  return new Re2Parser(pattern).parse()
}

class Re2Parser extends Cursor {
  private flags: Flags = { fold: false, multiLine: false, dotNL: true, ungreedy: false }
  private readonly names = new Set<string>()
  /** Groups enclosing the cursor, plus one for the whole pattern. */
  private depth = 0

  parse(): Re2Node {
    const node = this.parseAlternation()
    if (this.pos < this.src.length) this.fail('unexpected )', this.pos)
    return node
  }

  private parseAlternation(): Re2Node {
    // Go refuses deeper nesting too; here it also keeps the recursive parser and translator off the stack limit.
    if (++this.depth > MAX_NESTING) this.fail('expression nests too deeply', this.pos)
    const items: Re2Node[] = [this.parseConcat()]
    while (this.lookingAt('|')) {
      this.pos++
      items.push(this.parseConcat())
    }
    this.depth--
    return items.length === 1 ? (items[0] as Re2Node) : { kind: 'alt', items }
  }

  private parseConcat(): Re2Node {
    const items: Re2Node[] = []
    while (this.pos < this.src.length && !this.lookingAt('|') && !this.lookingAt(')')) {
      const start = this.pos
      const atom = this.parseAtom()
      if (atom === undefined) continue
      items.push(this.parseRepeats(atom, start))
    }
    if (items.length === 0) return { kind: 'empty' }
    return items.length === 1 ? (items[0] as Re2Node) : { kind: 'concat', items }
  }

  /** Applies `*`, `+`, `?`, `{n,m}` and their lazy forms; a second operator in a row is an error. */
  private parseRepeats(atom: Re2Node, atomStart: number): Re2Node {
    const opStart = this.pos
    const op = this.parseRepeatOp()
    if (op === undefined) return atom
    if (this.lookingAt('?')) {
      this.pos++
      op.greedy = false
    }
    const afterOp = this.pos
    if (this.parseRepeatOp() !== undefined) {
      this.fail(`invalid nested repetition operator ${this.src.slice(opStart, this.pos)}`, opStart)
    }
    this.pos = afterOp
    const greedy = op.greedy !== this.flags.ungreedy
    const node: Re2Node = { kind: 'repeat', node: atom, min: op.min, max: op.max, greedy }
    if (op.counted && (op.min >= 2 || op.max >= 2) && repeatSize(node) > MAX_REPEAT) {
      this.fail(`invalid repeat count ${this.src.slice(atomStart, afterOp)}`, opStart)
    }
    return node
  }

  private parseRepeatOp(): { min: number; max: number; greedy: boolean; counted: boolean } | undefined {
    const c = this.src[this.pos]
    if (c === '*' || c === '+' || c === '?') {
      this.pos++
      return { min: c === '+' ? 1 : 0, max: c === '?' ? 1 : -1, greedy: true, counted: false }
    }
    if (c !== '{') return undefined
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos))
    if (m === null) return undefined
    const min = Number(m[1])
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3])
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
      this.fail(`invalid repeat count ${m[0]}`, this.pos)
    }
    this.pos += m[0].length
    return { min, max, greedy: true, counted: true }
  }

  /** One atom, or undefined for a flag group like `(?i)` that only changes state. */
  private parseAtom(): Re2Node | undefined {
    const start = this.pos
    const c = this.src[this.pos]
    switch (c) {
      case '(':
        return this.parseGroup()
      case '[':
        return parseClass(this, this.flags.fold)
      case '.':
        this.pos++
        return { kind: 'any', dotNL: this.flags.dotNL }
      case '^':
        this.pos++
        return { kind: 'assert', what: this.flags.multiLine ? 'lineStart' : 'textStart' }
      case '$':
        this.pos++
        return { kind: 'assert', what: this.flags.multiLine ? 'lineEnd' : 'textEnd' }
      case '\\':
        return this.parseEscape()
      case '*':
      case '+':
      case '?':
        return this.fail(`missing argument to repetition operator ${c}`, start)
      case '{':
        if (this.parseRepeatOp() !== undefined) this.fail('missing argument to repetition operator', start)
        this.pos = start
    }
    return { kind: 'literal', cp: this.take(), fold: this.flags.fold }
  }

  private parseGroup(): Re2Node | undefined {
    const start = this.pos
    this.pos++
    if (this.lookingAt('?')) {
      const rest = this.src.slice(this.pos + 1)
      if (rest.startsWith('P=') || rest.startsWith('P>')) this.fail('backreferences are not supported', start)
      if (rest.startsWith('=') || rest.startsWith('!'))
        this.fail('lookahead assertions are not supported', start)
      if (rest.startsWith('<=') || rest.startsWith('<!'))
        this.fail('lookbehind assertions are not supported', start)
      if (rest.startsWith('>')) this.fail('atomic groups are not supported', start)
      if (rest.startsWith('#')) this.fail('comments are not supported', start)
      const named = /^P?<([^>]*)>/.exec(rest)
      if (named !== null) {
        const name = named[1] as string
        if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail(`invalid named capture ${JSON.stringify(name)}`, start)
        if (this.names.has(name)) this.fail(`duplicate capture group name ${JSON.stringify(name)}`, start)
        this.names.add(name)
        this.pos += 1 + named[0].length
        return this.parseGroupBody(start, name)
      }
      this.pos++
      return this.parseFlags(start)
    }
    return this.parseGroupBody(start, '')
  }

  private parseGroupBody(start: number, capture: string): Re2Node {
    const saved = { ...this.flags }
    const node = this.parseAlternation()
    this.flags = saved
    if (!this.lookingAt(')')) this.fail('missing closing )', start)
    this.pos++
    return { kind: 'group', node, capture }
  }

  /** `(?flags)` changes the flags until the end of the enclosing group; `(?flags:re)` only inside. */
  private parseFlags(start: number): Re2Node | undefined {
    const flags = { ...this.flags }
    let negate = false
    let sawFlag = false
    for (;;) {
      const c = this.src[this.pos++]
      switch (c) {
        case 'i':
          flags.fold = !negate
          break
        case 'm':
          flags.multiLine = !negate
          break
        case 's':
          flags.dotNL = !negate
          break
        case 'U':
          flags.ungreedy = !negate
          break
        case '-':
          if (negate) this.fail('invalid or unsupported Perl syntax: double negation in flags', start)
          negate = true
          sawFlag = false
          continue
        case ')':
        case ':': {
          if (!sawFlag && (negate || c === ')'))
            this.fail('invalid or unsupported Perl syntax: empty flags', start)
          if (c === ')') {
            this.flags = flags
            return undefined
          }
          const saved = this.flags
          this.flags = flags
          const node = this.parseAlternation()
          this.flags = saved
          if (!this.lookingAt(')')) this.fail('missing closing )', start)
          this.pos++
          return { kind: 'group', node }
        }
        default:
          this.fail(`invalid or unsupported Perl syntax ${this.src.slice(start, this.pos)}`, start)
      }
      sawFlag = true
    }
  }

  private parseEscape(): Re2Node {
    const start = this.pos
    const c = this.src[this.pos + 1]
    switch (c) {
      case 'A':
        this.pos += 2
        return { kind: 'assert', what: 'textStart' }
      case 'z':
        this.pos += 2
        return { kind: 'assert', what: 'textEnd' }
      case 'b':
        this.pos += 2
        return { kind: 'assert', what: 'wordBoundary' }
      case 'B':
        this.pos += 2
        return { kind: 'assert', what: 'notWordBoundary' }
      case 'Q': {
        this.pos += 2
        const end = this.src.indexOf('\\E', this.pos)
        const text = this.src.slice(this.pos, end < 0 ? undefined : end)
        this.pos = end < 0 ? this.src.length : end + 2
        const items: Re2Node[] = [...text].map((ch) => ({
          kind: 'literal',
          cp: ch.codePointAt(0) as number,
          fold: this.flags.fold,
        }))
        return items.length === 1 ? (items[0] as Re2Node) : { kind: 'group', node: { kind: 'concat', items } }
      }
    }
    const items = parseClassEscape(this)
    if (items !== undefined) return { kind: 'class', items, negated: false, fold: this.flags.fold }
    this.pos = start
    return { kind: 'literal', cp: parseEscapedChar(this), fold: this.flags.fold }
  }
}

/** The largest count a counted repetition can unroll to, multiplying nested counts as RE2 does. */
function repeatSize(node: Re2Node): number {
  switch (node.kind) {
    case 'repeat': {
      const inner = repeatSize(node.node)
      const n = node.max >= 0 ? node.max : node.min
      return Math.max(1, n) * inner
    }
    case 'group':
      return repeatSize(node.node)
    case 'concat':
    case 'alt':
      return Math.max(1, ...node.items.map(repeatSize))
    default:
      return 1
  }
}
