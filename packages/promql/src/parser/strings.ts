// PromQL strings follow Go's quoting rules. `\xNN` and `\NNN` escapes denote raw bytes, so a
// string may hold bytes that are not UTF-8. JavaScript strings cannot, so such bytes are kept as
// lone surrogates U+DC80..U+DCFF ("surrogate escapes", as Python does): the string is then not
// well-formed, which makes label-name validity checks fail as they do in Prometheus, and
// quoteString prints them back as `\xNN`.

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** True if Go's `unicode.IsPrint` would call the code point printable. */
export function isPrintable(cp: number): boolean {
  return printable.test(String.fromCodePoint(cp))
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

function escapeCodePoint(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp)
  if (ch === quote || ch === '\\') return `\\${ch}`
  if (cp >= 0xdc80 && cp <= 0xdcff) return `\\x${hex(cp - 0xdc00, 2)}`
  if (isPrintable(cp)) return ch
  switch (cp) {
    case 0x07:
      return '\\a'
    case 0x08:
      return '\\b'
    case 0x0c:
      return '\\f'
    case 0x0a:
      return '\\n'
    case 0x0d:
      return '\\r'
    case 0x09:
      return '\\t'
    case 0x0b:
      return '\\v'
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`
  return `\\U${hex(cp, 8)}`
}

/** Quotes a string the way Go's `strconv.Quote` does (the form Prometheus prints). */
export function quoteString(s: string): string {
  let out = '"'
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0) as number, '"')
  return out + '"'
}

/** Quotes one code point the way Go's `%q` verb prints a rune, e.g. `'x'` or `'\n'`. */
export function quoteRune(cp: number): string {
  return `'${escapeCodePoint(cp, "'")}'`
}

/** Formats a code point the way Go's `%#U` verb does, e.g. `U+0063 'c'`. */
export function describeRune(cp: number): string {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
  return isPrintable(cp) ? `${code} '${String.fromCodePoint(cp)}'` : code
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp)
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f))
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
  else
    bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
}

function continuation(bytes: readonly number[], i: number): number {
  const b = bytes[i]
  return b !== undefined && (b & 0xc0) === 0x80 ? b & 0x3f : -1
}

/** Decodes UTF-8, turning each byte of an invalid sequence into a surrogate escape. */
function decodeUtf8(bytes: readonly number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number
    let cp = -1
    let len = 1
    if (b < 0x80) cp = b
    else if (b >= 0xc2 && b < 0xe0) {
      const c1 = continuation(bytes, i + 1)
      if (c1 >= 0) [cp, len] = [((b & 0x1f) << 6) | c1, 2]
    } else if (b >= 0xe0 && b < 0xf0) {
      const c1 = continuation(bytes, i + 1)
      const c2 = continuation(bytes, i + 2)
      const v = ((b & 0x0f) << 12) | (c1 << 6) | c2
      if (c1 >= 0 && c2 >= 0 && v >= 0x800 && (v < 0xd800 || v > 0xdfff)) [cp, len] = [v, 3]
    } else if (b >= 0xf0 && b < 0xf5) {
      const c1 = continuation(bytes, i + 1)
      const c2 = continuation(bytes, i + 2)
      const c3 = continuation(bytes, i + 3)
      const v = ((b & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
      if (c1 >= 0 && c2 >= 0 && c3 >= 0 && v >= 0x10000 && v <= 0x10ffff) [cp, len] = [v, 4]
    }
    out += cp >= 0 ? String.fromCodePoint(cp) : String.fromCharCode(0xdc00 + b)
    i += len
  }
  return out
}

const simpleEscapes: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
}

/**
 * Removes the quotes of a PromQL string literal (`"…"`, `'…'` or raw `` `…` ``) and resolves
 * its escapes. The literal must already have passed the lexer, which reports malformed escapes.
 */
export function unquoteString(quoted: string): string {
  const inner = quoted.slice(1, -1)
  if (quoted.startsWith('`') || !inner.includes('\\')) return inner
  const bytes: number[] = []
  for (let i = 0; i < inner.length;) {
    const cp = inner.codePointAt(i) as number
    if (cp !== 0x5c) {
      pushUtf8(bytes, cp)
      i += cp > 0xffff ? 2 : 1
      continue
    }
    const e = inner[i + 1] ?? ''
    const simple = simpleEscapes[e]
    if (simple !== undefined) {
      bytes.push(simple)
      i += 2
    } else if (e === 'x') {
      bytes.push(parseInt(inner.slice(i + 2, i + 4), 16))
      i += 4
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8
      pushUtf8(bytes, parseInt(inner.slice(i + 2, i + 2 + n), 16))
      i += 2 + n
    } else {
      bytes.push(parseInt(inner.slice(i + 1, i + 4), 8))
      i += 4
    }
  }
  return decodeUtf8(bytes)
}
