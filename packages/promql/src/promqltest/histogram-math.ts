import type { CounterResetHint, NativeHistogram } from '@watchfire/model'
import {
  addHistograms as addFloatHistograms,
  combineCounterResetHints,
  IncompatibleHistogramSchemaError,
} from '../engine/kernels/float-histogram.js'

/**
 * The script notation `{{A}}+{{B}}xN` and result comparison use the engine's float-histogram
 * arithmetic; this adapter keeps the runner's error type and call shape.
 */

export { compactHistogram } from '../engine/kernels/float-histogram.js'

/** Thrown when two histograms cannot be combined (exponential with custom buckets). */
export class HistogramMathError extends Error {}

/** Combines counter-reset hints the way histogram addition does. */
export function combineHints(a: CounterResetHint, b: CounterResetHint): CounterResetHint {
  return combineCounterResetHints(a, b).hint
}

/** `a + sign·b`, at the coarser schema and the wider zero bucket of the two. */
export function addHistograms(a: NativeHistogram, b: NativeHistogram, sign: 1 | -1): NativeHistogram {
  try {
    return addFloatHistograms(a, b, sign).h
  } catch (err) {
    if (err instanceof IncompatibleHistogramSchemaError)
      throw new HistogramMathError(err.message, { cause: err })
    throw err
  }
}
