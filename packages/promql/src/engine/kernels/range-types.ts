import type { NativeHistogram } from '@watchfire/model'
import type { FPoint, HPoint } from '../../value.js'

/** Where kernels report Prometheus's warning and info annotations (full texts, `PromQL warning: …`). */
export interface AnnotationSink {
  warn(message: string): void
  info(message: string): void
}

/** One series' samples inside one range window, plus the call's scalar arguments at this step. */
export interface RangeInput {
  /** Float points inside the window, ascending by t. */
  floats: readonly FPoint[]
  /** Histogram points inside the window, ascending by t. */
  histograms: readonly HPoint[]
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

/** A float, a histogram, or null when the series yields no sample at this step. */
export type RangeOutput = { f: number } | { h: NativeHistogram } | null
