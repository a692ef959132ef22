const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\uFFFD',
}

/** Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c] ?? c)
}

/** The escaping html/template applies to text in an HTML body (it also escapes `+`). */
export function htmlBodyEscape(s: string): string {
  return htmlEscape(s).replaceAll('+', '&#43;')
}

/** Go's template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    switch (ch) {
      case '\\':
        out += '\\\\'
        continue
      case "'":
        out += "\\'"
        continue
      case '"':
        out += '\\"'
        continue
      case '<':
        out += '\\u003C'
        continue
      case '>':
        out += '\\u003E'
        continue
      case '&':
        out += '\\u0026'
        continue
      case '=':
        out += '\\u003D'
        continue
    }
    if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    else if (cp >= 0x80 && !/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch)) {
      out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    } else out += ch
  }
  return out
}

/** Go's url.QueryEscape: space as `+`, unreserved characters kept, everything else %XX. */
export function queryEscape(s: string): string {
  let out = ''
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}
