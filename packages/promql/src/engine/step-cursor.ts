import type { NativeHistogram } from '@watchfire/model'
import type { EvalSeries } from './eval-types.js'

/**
 * Walks one evaluated series' float and histogram points step by step, for the step loops of the
 * aggregations: {@link at} (called with increasing steps) says whether the series has a sample at
 * that step and leaves it in `f` or `h`, so no sample object is made for samples that are dropped.
 */
export class StepCursor {
  /** The float value at the last step {@link at} found, 0 for a histogram sample. */
  f = 0
  /** The histogram at the last step {@link at} found, undefined for a float sample. */
  h: NativeHistogram | undefined = undefined
  private fi = 0
  private hi = 0
  private readonly floats: EvalSeries['floats']
  private readonly histograms: EvalSeries['histograms']

  constructor(series: EvalSeries) {
    this.floats = series.floats
    this.histograms = series.histograms
  }

  /** True if the series has a sample at `ts`, now in `f`/`h`; steps must come in increasing order. */
  at(ts: number): boolean {
    const fp = this.floats[this.fi]
    if (fp !== undefined && fp.t === ts) {
      this.f = fp.f
      this.h = undefined
      this.fi++
      return true
    }
    const hp = this.histograms[this.hi]
    if (hp === undefined || hp.t !== ts) return false
    this.f = 0
    this.h = hp.h
    this.hi++
    return true
  }
}
