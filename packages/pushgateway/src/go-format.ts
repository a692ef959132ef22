/**
 * Formats a float64 as Go's `fmt.Sprint` does (`%v`, i.e. `strconv.FormatFloat(v, 'g', -1, 64)`): the shortest
 * digits that round-trip, in exponent form (`1e+06`, `1.5e-07`) when the exponent is below -4 or at least 6.
 * The original's JSON API prints every value this way, so clients parsing it see the same strings.
 */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const [mantissa = '', expText = '0'] = v.toExponential().split('e')
  const exp = Number(expText)
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+'
    const digits = String(Math.abs(exp)).padStart(2, '0')
    return `${mantissa}e${sign}${digits}`
  }
  // In this range JavaScript's shortest form is plain decimal notation, as Go's.
  return String(v)
}
