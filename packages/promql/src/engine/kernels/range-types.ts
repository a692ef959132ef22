import type { NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'

/** Where kernels report Prometheus's warning and info annotations (full texts, `PromQL warning: …`). */
export interface AnnotationSink {
  warn(message: string): void
  info(message: string): void
}

/**
 * One series' samples inside one range window, plus the call's scalar arguments at this step.
 * Floats stay in the series' columns (the window is the index range `[fStart, fEnd)`), so
 * moving the window from step to step moves two indices instead of copying points.
 */
export interface RangeInput {
  /** The series' float timestamps in ms, ascending; stale markers are already left out. */
  ft: Float64Array
  /** The series' float values, parallel to `ft`. */
  fv: Float64Array
  /** First float index inside the window. */
  fStart: number
  /** One past the last float index inside the window. */
  fEnd: number
  /** Histogram points inside the window, ascending by t. */
  histograms: readonly HPoint[]
  /**
   * Start timestamps parallel to `ft` (0 = unknown), given only to the functions that use them
   * (rate, increase, irate, resets) and only when some sample has one.
   */
  fst?: Float64Array | undefined
  /** Start timestamps of the histograms, likewise: `histograms[j]`'s is `hst[hStart + j]`. */
  hst?: Float64Array | undefined
  /** Index in `hst` of the window's first histogram. */
  hStart?: number
  /** The window is `(windowStartMs, windowEndMs]`: Prometheus 3.x ranges are left-open. */
  windowStartMs: number
  windowEndMs: number
  /**
   * The evaluation step's timestamp, which predict_linear predicts from; it differs from
   * `windowEndMs` under `offset`. Defaults to `windowEndMs`.
   */
  evalTimeMs?: number
  /** The series' metric name, for annotation texts. */
  metricName: string
  /** Extra scalar arguments at this step (quantile_over_time's φ, predict_linear's t, ...). */
  params: readonly number[]
  annotations: AnnotationSink
}

/**
 * A float (a plain number, so float windows allocate nothing), a histogram, or null when the
 * series yields no sample at this step.
 */
export type RangeOutput = number | NativeHistogram | null

/** The window's float values as a fresh array (for kernels that sort or reorder them). */
export function windowValues(input: RangeInput): number[] {
  const out: number[] = []
  for (let i = input.fStart; i < input.fEnd; i++) out.push(input.fv[i] as number)
  return out
}
