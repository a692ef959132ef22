function escapeRune(cp: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(cp)
  if (ch === quote || ch === '\\') return '\\' + ch
  switch (cp) {
    case 7:
      return '\\a'
    case 8:
      return '\\b'
    case 12:
      return '\\f'
    case 10:
      return '\\n'
    case 13:
      return '\\r'
    case 9:
      return '\\t'
    case 11:
      return '\\v'
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0')
  if (cp < 0x80) return ch
  if (!asciiOnly && /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch) && cp !== 0xa0 && cp !== 0xad) return ch
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0')
  return '\\U' + cp.toString(16).padStart(8, '0')
}

/** Go's strconv.Quote (or QuoteToASCII when asciiOnly). */
export function goQuoteString(s: string, asciiOnly = false): string {
  let out = '"'
  for (const ch of s) out += escapeRune(ch.codePointAt(0) ?? 0, '"', asciiOnly)
  return out + '"'
}

/** Go's strconv.QuoteRune: `'a'`. */
export function quoteRune(cp: number): string {
  return "'" + escapeRune(cp, "'", false) + "'"
}
