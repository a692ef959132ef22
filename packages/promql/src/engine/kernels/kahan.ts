/**
 * Kahan–Neumaier compensated summation, as Prometheus uses for sum/avg aggregations and the
 * *_over_time functions: the running sum and its compensation travel as a pair.
 */

/** A running compensated sum; read the total with {@link kahanTotal}. */
export interface KahanPair {
  sum: number
  c: number
}

/**
 * Adds `inc` into `acc` in place. Once the sum overflows to ±Inf the compensation is dropped, so
 * the total stays infinite instead of turning into NaN.
 */
export function kahanAdd(acc: KahanPair, inc: number): void {
  const sum = acc.sum
  const t = sum + inc
  if (t === Infinity || t === -Infinity) acc.c = 0
  else if (Math.abs(sum) >= Math.abs(inc)) acc.c += sum - t + inc
  else acc.c += inc - t + sum
  acc.sum = t
}

/** The compensated total; an infinite sum is returned as is (its compensation is meaningless). */
export function kahanTotal(acc: KahanPair): number {
  if (acc.sum === Infinity || acc.sum === -Infinity) return acc.sum
  return acc.sum + acc.c
}

/** Compensated sum of all values. */
export function kahanSum(values: readonly number[]): number {
  const acc: KahanPair = { sum: 0, c: 0 }
  for (const v of values) kahanAdd(acc, v)
  return kahanTotal(acc)
}
