import type { ClassItems, Re2Node } from './ast.js'
import { PERL_CLASSES, POSIX_CLASSES, negateRanges, unicodeClass } from './char-classes.js'
import type { Cursor } from './cursor.js'

/** `\d`, `\pL`, `\P{Greek}` and friends at `pos`; consumes them, or returns undefined untouched. */
export function parseClassEscape(cur: Cursor): ClassItems | undefined {
  const start = cur.pos
  const ch = cur.src[cur.pos + 1]
  if (ch === undefined) return undefined
  const perl = PERL_CLASSES[ch.toLowerCase()]
  if (perl !== undefined && 'dswDSW'.includes(ch)) {
    cur.pos += 2
    return { ranges: ch === ch.toUpperCase() ? negateRanges(perl) : perl.slice(), props: [] }
  }
  if (ch !== 'p' && ch !== 'P') return undefined
  cur.pos += 2
  let name: string
  if (cur.lookingAt('{')) {
    const end = cur.src.indexOf('}', cur.pos)
    if (end < 0) cur.fail('invalid character class range: missing }', start)
    name = cur.src.slice(cur.pos + 1, end)
    cur.pos = end + 1
  } else {
    if (cur.pos >= cur.src.length) cur.fail('invalid character class range', start)
    name = String.fromCodePoint(cur.take())
  }
  let negated = ch === 'P'
  if (name.startsWith('^')) {
    negated = !negated
    name = name.slice(1)
  }
  const items = unicodeClass(name, negated)
  if (items === undefined) cur.fail(`invalid character class range ${cur.src.slice(start, cur.pos)}`, start)
  return items
}

/** A single escaped character: `\n`, `\x41`, `\x{263a}`, `\101`, `\.`. */
export function parseEscapedChar(cur: Cursor): number {
  const start = cur.pos
  cur.pos++
  if (cur.pos >= cur.src.length) cur.fail('trailing backslash at end of expression', start)
  const ch = String.fromCodePoint(cur.take())
  switch (ch) {
    case 'a':
      return 7
    case 'f':
      return 12
    case 't':
      return 9
    case 'n':
      return 10
    case 'r':
      return 13
    case 'v':
      return 11
    case 'x': {
      const m = /^(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(cur.src.slice(cur.pos))
      const hex = m?.[1] ?? m?.[2]
      if (m === null || hex === undefined || parseInt(hex, 16) > 0x10ffff) {
        cur.fail(`invalid escape sequence ${cur.src.slice(start, cur.pos + 2)}`, start)
      }
      cur.pos += m[0].length
      return parseInt(hex, 16)
    }
  }
  if (ch >= '0' && ch <= '7') {
    const next = cur.src[cur.pos]
    if (ch !== '0' && (next === undefined || next < '0' || next > '7')) {
      cur.fail(`backreferences are not supported (\\${ch})`, start)
    }
    const m = /^[0-7]{0,2}/.exec(cur.src.slice(cur.pos)) as RegExpExecArray
    cur.pos += m[0].length
    return parseInt(ch + m[0], 8)
  }
  const cp = ch.codePointAt(0) as number
  if (cp < 0x80 && !/[0-9A-Za-z]/.test(ch)) return cp
  return cur.fail(`invalid escape sequence \\${ch}`, start)
}

/** A bracket class `[…]` with ranges, escapes and POSIX classes; `-` is literal where it cannot form a range. */
export function parseClass(cur: Cursor, fold: boolean): Re2Node {
  const start = cur.pos
  cur.pos++
  const negated = cur.lookingAt('^')
  if (negated) cur.pos++
  const items: ClassItems = { ranges: [], props: [] }
  let first = true
  while (first || !cur.lookingAt(']')) {
    if (cur.pos >= cur.src.length) cur.fail('missing closing ]', start)
    first = false
    const posix = /^\[:(\^?)([a-z]*):\]/.exec(cur.src.slice(cur.pos))
    if (posix !== null) {
      const ranges = POSIX_CLASSES[posix[2] as string]
      if (ranges === undefined) cur.fail(`invalid character class range ${posix[0]}`, cur.pos)
      items.ranges.push(...(posix[1] === '^' ? negateRanges(ranges) : ranges))
      cur.pos += posix[0].length
      continue
    }
    const rangeStart = cur.pos
    if (cur.lookingAt('\\')) {
      const cls = parseClassEscape(cur)
      if (cls !== undefined) {
        items.ranges.push(...cls.ranges)
        items.props.push(...cls.props)
        continue
      }
    }
    const lo = parseClassChar(cur)
    let hi = lo
    if (cur.lookingAt('-') && cur.src[cur.pos + 1] !== ']' && cur.pos + 1 < cur.src.length) {
      cur.pos++
      if (cur.lookingAt('\\') && parseClassEscape(cur) !== undefined) {
        cur.fail(`invalid character class range ${cur.src.slice(rangeStart, cur.pos)}`, rangeStart)
      }
      hi = parseClassChar(cur)
      if (hi < lo) cur.fail(`invalid character class range ${cur.src.slice(rangeStart, cur.pos)}`, rangeStart)
    }
    items.ranges.push([lo, hi])
  }
  cur.pos++
  return { kind: 'class', items, negated, fold }
}

/** One class member character, escaped or plain. */
function parseClassChar(cur: Cursor): number {
  return cur.lookingAt('\\') ? parseEscapedChar(cur) : cur.take()
}
