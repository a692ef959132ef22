/** A finite float as decimal digits: value = 0.d1d2d3… × 10^dp; no leading or trailing zeros. */
export interface Decimal {
  digits: string
  dp: number
}

function trim(digits: string, dp: number): Decimal {
  let start = 0
  while (digits[start] === '0') start++
  let end = digits.length
  while (end > start && digits[end - 1] === '0') end--
  if (start === end) return { digits: '', dp: 0 }
  return { digits: digits.slice(start, end), dp: dp - start }
}

/** The shortest digits that read back as the same float (what Go's strconv does with precision -1). */
export function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 }
  const [mantissa = '', exp = '0'] = Math.abs(x).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  return trim(digits, Number(exp) + 1)
}

const view = new DataView(new ArrayBuffer(8))

/** Every digit of the float's exact binary value, so rounding can break ties as Go does (half to even). */
export function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 }
  view.setFloat64(0, Math.abs(x))
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let exp2: number
  if (biased === 0) exp2 = -1074
  else {
    mantissa |= 1n << 52n
    exp2 = biased - 1075
  }
  if (exp2 >= 0) {
    const s = (mantissa << BigInt(exp2)).toString()
    return trim(s, s.length)
  }
  // m / 2^k = m·5^k / 10^k
  const k = -exp2
  const s = (mantissa * 5n ** BigInt(k)).toString()
  return trim(s, s.length - k)
}

/** Rounds to `nd` significant digits, ties to even, like Go's decimal.Round. */
export function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d
  const next = d.digits.charCodeAt(nd) - 48
  let up: boolean
  if (next === 5 && nd + 1 === d.digits.length) {
    up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1
  } else {
    up = next >= 5
  }
  if (!up) return trim(d.digits.slice(0, nd), d.dp)
  const chars = d.digits.slice(0, nd).split('')
  let i = nd - 1
  while (i >= 0 && chars[i] === '9') i--
  if (i < 0) return { digits: '1', dp: d.dp + 1 }
  chars[i] = String.fromCharCode((chars[i] as string).charCodeAt(0) + 1)
  return trim(chars.slice(0, i + 1).join(''), d.dp)
}
