import { exactDecimal, roundDecimal, shortestDecimal, type Decimal } from './decimal.js'

/** One of Go's float verbs after %v has been mapped to %g. */
export type FloatVerb = 'e' | 'E' | 'f' | 'F' | 'g' | 'G'

function digitsFor(
  x: number,
  verb: FloatVerb,
  prec: number,
): { d: Decimal; prec: number; shortest: boolean } {
  if (prec < 0) {
    const d = shortestDecimal(x)
    const nd = d.digits.length
    if (verb === 'e' || verb === 'E') return { d, prec: Math.max(nd - 1, 0), shortest: true }
    if (verb === 'f' || verb === 'F') return { d, prec: Math.max(nd - d.dp, 0), shortest: true }
    return { d, prec: nd, shortest: true }
  }
  const exact = exactDecimal(x)
  if (verb === 'e' || verb === 'E') return { d: roundDecimal(exact, prec + 1), prec, shortest: false }
  if (verb === 'f' || verb === 'F') return { d: roundDecimal(exact, exact.dp + prec), prec, shortest: false }
  const p = prec === 0 ? 1 : prec
  return { d: roundDecimal(exact, p), prec: p, shortest: false }
}

function fmtE(d: Decimal, prec: number, expChar: string): string {
  let s = d.digits[0] ?? '0'
  if (prec > 0) {
    s += '.'
    const tail = d.digits.slice(1, prec + 1)
    s += tail + '0'.repeat(prec - tail.length)
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1
  const abs = Math.abs(exp)
  return `${s}${expChar}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`
}

function fmtF(d: Decimal, prec: number): string {
  let s: string
  if (d.dp > 0) {
    const intDigits = d.digits.slice(0, d.dp)
    s = intDigits + '0'.repeat(d.dp - intDigits.length)
  } else {
    s = '0'
  }
  if (prec > 0) {
    s += '.'
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i
      s += j >= 0 && j < d.digits.length ? d.digits[j] : '0'
    }
  }
  return s
}

/**
 * Formats the magnitude of a finite float like Go's strconv.FormatFloat(|x|, verb, prec, 64);
 * prec -1 means the shortest representation that reads back exactly.
 */
export function formatFloatMagnitude(x: number, verb: FloatVerb, precision: number): string {
  const { d, prec: p, shortest } = digitsFor(Math.abs(x), verb, precision)
  switch (verb) {
    case 'e':
    case 'E':
      return fmtE(d, p, verb)
    case 'f':
    case 'F':
      return fmtF(d, p)
    case 'g':
    case 'G': {
      let prec = p
      let eprec = prec
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length
      if (shortest) eprec = 6
      const exp = d.dp - 1
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length
        return fmtE(d, prec - 1, verb === 'g' ? 'e' : 'E')
      }
      if (prec > d.dp) prec = d.digits.length
      return fmtF(d, Math.max(prec - d.dp, 0))
    }
  }
}

/** Go's %v for a float64 (as fmt.Sprint prints it): shortest digits, exponent form below 1e-4 and from 1e+06 up. */
export function formatFloatV(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return '+Inf'
  if (x === -Infinity) return '-Inf'
  const s = formatFloatMagnitude(x, 'g', -1)
  return x < 0 || Object.is(x, -0) ? '-' + s : s
}

const hexView = new DataView(new ArrayBuffer(8))

/** Go's %x for a float's magnitude: `0x1.2d6878p+20`, shortest hex mantissa. */
export function formatHexFloat(x: number, upper: boolean): string {
  const abs = Math.abs(x)
  let out: string
  if (abs === 0) out = '0x0p+00'
  else {
    hexView.setFloat64(0, abs)
    const hi = hexView.getUint32(0)
    const lo = hexView.getUint32(4)
    let exp = ((hi >>> 20) & 0x7ff) - 1023
    let frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
    if (exp === -1023) {
      // Subnormal: shift the mantissa up until its leading bit becomes the implicit one.
      exp = -1022
      while ((frac & (1n << 52n)) === 0n) {
        frac <<= 1n
        exp--
      }
      frac &= (1n << 52n) - 1n
    }
    const digits = frac.toString(16).padStart(13, '0').replace(/0+$/, '')
    const e = Math.abs(exp)
    out = `0x1${digits ? '.' + digits : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`
  }
  return upper ? out.toUpperCase() : out
}
