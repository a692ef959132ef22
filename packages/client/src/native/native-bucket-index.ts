/**
 * Native-histogram bucket indexes: which exponential bucket of a schema a value falls into.
 *
 * With schema `s`, bucket `i` covers `(2^((i-1)·2^-s), 2^(i·2^-s)]`. The index is computed from the value's
 * binary exponent and mantissa (frexp), never from a logarithm, so values on a boundary (every power of two
 * for every schema) land exactly where Prometheus puts them.
 */

/** The lowest exponential schema (bucket width factor 65536). */
export const MIN_SCHEMA = -4
/** The highest exponential schema (bucket width factor 2^(1/256)). */
export const MAX_SCHEMA = 8

// Scratch views over one float64 to read its exponent and mantissa bits without allocating.
const scratch = new Float64Array(1)
const words = new Uint32Array(scratch.buffer)
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const TWO_POW_64 = 2 ** 64

// The fraction part of frexp from the last call to `frexpExponent`, in [0.5, 1).
let lastFraction = 0

/**
 * Returns the exponent `e` such that `x = f · 2^e` with `f` in [0.5, 1) (Go's math.Frexp), and leaves `f` in
 * `lastFraction`. `x` must be finite and positive.
 */
function frexpExponent(x: number): number {
  scratch[0] = x
  let high = words[HIGH] as number
  let bias = 0
  if ((high & 0x7ff00000) === 0) {
    // Subnormal: scale into the normal range first.
    scratch[0] = x * TWO_POW_64
    high = words[HIGH] as number
    bias = 64
  }
  const exponent = ((high >>> 20) & 0x7ff) - 1022 - bias
  words[HIGH] = (high & 0x800fffff) | (1022 << 20)
  lastFraction = scratch[0] as number
  return exponent
}

/** Whether the mantissa of the value last passed to `frexpExponent` was zero, i.e. the value was a power of two. */
function lastWasPowerOfTwo(): boolean {
  return lastFraction === 0.5
}

// The bucket width factor 2^(2^-s) of each positive schema, as Go's math.Exp2 returns it. Prometheus and
// client_golang define the boundaries by tables built from these factors (see `buildBounds`); Go's Exp2(0.5) is
// one ulp below the correctly rounded √2, so computing the factors here could move boundary floats by an ulp.
const WIDTH_FACTORS = [
  2, 1.414213562373095, 1.189207115002721, 1.0905077326652577, 1.0442737824274138, 1.0218971486541166,
  1.0108892860517005, 1.0054299011128027, 1.0027112750502025,
]

// Builds, for each schema s in 0..8, the fractions 2^(j/2^s - 1) in [0.5, 1) at which a bucket ends within one
// power of two, exactly as Prometheus's tables hold them: even entries are inherited from the schema below, odd
// ones are the previous entry times the width factor.
function buildBounds(): Float64Array[] {
  const tables: Float64Array[] = []
  for (let schema = 0; schema <= MAX_SCHEMA; schema++) {
    const n = 2 ** schema
    const factor = WIDTH_FACTORS[schema] as number
    const bounds = new Float64Array(n)
    bounds[0] = 0.5
    const coarser = tables[schema - 1]
    for (let j = 1; j < n; j++) {
      bounds[j] =
        j % 2 === 0 && coarser !== undefined ? (coarser[j / 2] as number) : (bounds[j - 1] as number) * factor
    }
    tables.push(bounds)
  }
  return tables
}

const BOUNDS_BY_SCHEMA = buildBounds()

/**
 * The frexp fractions in [0.5, 1) at which the buckets of schema `schema` (0..8) end within one power of two:
 * entry `j` approximates `2^(j/2^schema - 1)` and equals Prometheus's table entry bit for bit.
 */
export function fractionBounds(schema: number): Float64Array {
  return BOUNDS_BY_SCHEMA[schema] as Float64Array
}

/**
 * The index of the bucket of schema `schema` (-4..8) that holds `|value|`. `value` must not be NaN or zero;
 * ±Infinity goes one bucket above the largest finite value's, as in client_golang.
 */
export function bucketIndex(value: number, schema: number): number {
  let abs = value < 0 ? -value : value
  const infinite = abs === Infinity
  if (infinite) abs = Number.MAX_VALUE
  const exponent = frexpExponent(abs)
  let key: number
  if (schema > 0) {
    const bounds = fractionBounds(schema)
    // First bound >= fraction (upper bounds are inclusive).
    const fraction = lastFraction
    let lo = 0
    let hi = bounds.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((bounds[mid] as number) < fraction) lo = mid + 1
      else hi = mid
    }
    key = lo + (exponent - 1) * bounds.length
  } else {
    key = lastWasPowerOfTwo() ? exponent - 1 : exponent
    const shift = -schema
    // Arithmetic shift with rounding up: ceil(key / 2^shift).
    key = (key + (1 << shift) - 1) >> shift
  }
  return infinite ? key + 1 : key
}

/** The inclusive upper bound of bucket `index` of `schema`, for tests and for readers of snapshots. */
export function bucketUpperBound(index: number, schema: number): number {
  if (schema > 0) {
    const bounds = fractionBounds(schema)
    const n = bounds.length
    const within = ((index % n) + n) % n
    const exponent = (index - within) / n
    // Doubling first keeps 2^exponent finite for the topmost buckets.
    return (bounds[within] as number) * 2 * 2 ** exponent
  }
  return 2 ** (index * 2 ** -schema)
}
