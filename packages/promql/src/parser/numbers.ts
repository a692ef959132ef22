import { quoteString } from './strings.js'

const goInteger =
  /^(?:0[xX]_?[0-9a-fA-F](?:_?[0-9a-fA-F])*|0[oO]_?[0-7](?:_?[0-7])*|0[bB]_?[01](?:_?[01])*|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/
const goDecimalFloat =
  /^(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * Parses the text of a NUMBER token as Prometheus does: first as a Go integer literal with
 * automatic base (`0x1f`, `0o17`, `017` is octal, `1_000`), then as a Go float (`1.5e3`, `Inf`,
 * `NaN`). Throws an Error with Prometheus's message if neither works.
 */
export function parseNumber(text: string): number {
  if (goInteger.test(text)) {
    const digits = text.replace(/_/g, '')
    const big = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits)
    if (big >= INT64_MIN && big <= INT64_MAX) return Number(big)
  }
  const lower = text.toLowerCase()
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity
  if (lower === '-inf' || lower === '-infinity') return -Infinity
  if (lower === 'nan') return NaN
  if (!goDecimalFloat.test(text)) {
    throw new Error(`strconv.ParseFloat: parsing ${quoteString(text)}: invalid syntax`)
  }
  const value = Number(text.replace(/_/g, ''))
  if (!Number.isFinite(value))
    throw new Error(`strconv.ParseFloat: parsing ${quoteString(text)}: value out of range`)
  return value
}

/** Expands JavaScript's exponent notation (`1e+21`, `1.5e-7`) into plain decimal digits. */
function expandExponent(repr: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(repr)
  if (match === null) return repr
  const [, sign, lead, frac = '', exp] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ]
  const digits = lead + frac
  const point = 1 + Number(exp)
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/**
 * Formats a float the way Go's `strconv.FormatFloat(v, 'f', -1, 64)` does, which is how
 * Prometheus prints number literals: shortest round-tripping digits, never an exponent,
 * `+Inf`/`-Inf`/`NaN` for the special values.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (Object.is(v, -0)) return '-0'
  return expandExponent(String(v))
}

/**
 * Formats a float the way Go's `%v` verb does (`strconv.FormatFloat(v, 'g', -1, 64)`): shortest
 * digits, with an exponent (`1e+06`) when the decimal exponent is below -4 or at least 6.
 */
export function formatGoFloat(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v)
  const [mantissa, exp] = v.toExponential().split('e') as [string, string]
  const exponent = Number(exp)
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+'
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  return formatNumber(v)
}
