import { OVER_TIME_KERNELS } from './over-time-kernels.js'
import { extrapolatedRate, instantValue } from './rate-kernels.js'
import type { RangeInput, RangeOutput } from './range-types.js'
import { TREND_KERNELS } from './trend-kernels.js'

export type { AnnotationSink, RangeInput, RangeOutput } from './range-types.js'

/**
 * The range-vector functions, keyed by PromQL function name. Each kernel sees one series' window
 * at one step and returns its sample or null. The evaluator itself emits what needs more than one
 * window: the "might not be a counter" info for rate/increase and absent_over_time's output.
 */
export const RANGE_KERNELS: Readonly<Record<string, (input: RangeInput) => RangeOutput>> = Object.freeze({
  rate: (input: RangeInput) => extrapolatedRate(input, true, true),
  increase: (input: RangeInput) => extrapolatedRate(input, true, false),
  delta: (input: RangeInput) => extrapolatedRate(input, false, false),
  irate: (input: RangeInput) => instantValue(input, true),
  idelta: (input: RangeInput) => instantValue(input, false),
  ...OVER_TIME_KERNELS,
  ...TREND_KERNELS,
})
