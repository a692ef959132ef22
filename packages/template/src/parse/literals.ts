import type { NumberValue } from './ast.js'

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const UINT64_MAX = (1n << 64n) - 1n

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
}

/** Go's strconv.Unquote for `"…"`, raw `` `…` `` and `'…'` literals; undefined on invalid syntax. */
export function unquote(quoted: string): string | undefined {
  const q = quoted[0]
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) return undefined
  const body = quoted.slice(1, -1)
  if (q === '`') return body.includes('`') ? undefined : body.replaceAll('\r', '')
  if (q !== '"' && q !== "'") return undefined
  let out = ''
  for (let i = 0; i < body.length;) {
    const c = body[i] as string
    if (c === q || c === '\n') return undefined
    if (c !== '\\') {
      out += c
      i++
      continue
    }
    const e = body[i + 1]
    if (e === undefined) return undefined
    const simple = SIMPLE_ESCAPES[e]
    if (simple !== undefined) {
      out += simple
      i += 2
    } else if (e === q) {
      out += e
      i += 2
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i + 2, i + 2 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined
      const cp = parseInt(hex, 16)
      if (cp > 0x10ffff || (e !== 'x' && cp >= 0xd800 && cp < 0xe000)) return undefined
      out += String.fromCodePoint(cp)
      i += 2 + n
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4)
      if (!/^[0-7]{3}$/.test(oct)) return undefined
      const v = parseInt(oct, 8)
      if (v > 255) return undefined
      out += String.fromCharCode(v)
      i += 4
    } else {
      return undefined
    }
  }
  if (q === "'" && [...out].length !== 1) return undefined
  return out
}

function parseGoInt(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text)
  if (!m) return undefined
  let digits = (m[2] as string).replaceAll('_', '')
  if (/^0[0-7]+$/.test(digits)) digits = '0o' + digits.slice(1)
  const v = BigInt(digits)
  return m[1] === '-' ? -v : v
}

function parseGoFloat(text: string): number | undefined {
  const clean = text.replaceAll('_', '')
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    const f = Number(clean)
    return Number.isFinite(f) ? f : undefined
  }
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(clean)
  if (!hex) return undefined
  const [, sign, whole = '', frac = '', exp = '0'] = hex
  if (whole === '' && frac === '') return undefined
  const mantissa = parseInt(whole + frac || '0', 16)
  const f = mantissa * 2 ** (Number(exp) - 4 * frac.length)
  if (!Number.isFinite(f)) return undefined
  return sign === '-' ? -f : f
}

/**
 * Classifies a number or character constant as Go's parse.NumberNode does; returns an error
 * message (Go's wording) instead when the text is not a valid constant.
 */
export function parseNumber(text: string, isChar: boolean): NumberValue | string {
  const n: NumberValue = { isInt: false, isFloat: false, isComplex: false, int: 0n, float: 0, text }
  if (isChar) {
    const s = unquote(text)
    if (s === undefined) return `malformed character constant: ${text}`
    const cp = s.codePointAt(0) ?? 0
    return { ...n, isInt: true, isFloat: true, int: BigInt(cp), float: cp }
  }
  if (text.endsWith('i')) {
    // Go accepts complex constants; Watchfire's templates have no complex type, so say so plainly.
    return `complex number constants are not supported: "${text}"`
  }
  const i = parseGoInt(text)
  if (i !== undefined && i >= INT64_MIN && i <= UINT64_MAX) {
    if (i <= INT64_MAX) {
      n.isInt = true
      n.int = i
    }
    n.isFloat = true
    n.float = Number(i)
    if (n.isInt) return n
    return `${text} overflows int`
  }
  const f = parseGoFloat(text)
  if (f === undefined) return `illegal number syntax: "${text}"`
  if (!/[.eEpP]/.test(text) || /^[+-]?0[xX][^pP]*$/.test(text)) return `integer overflow: "${text}"`
  n.isFloat = true
  n.float = f
  if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
    n.isInt = true
    n.int = BigInt(f)
  }
  return n
}
