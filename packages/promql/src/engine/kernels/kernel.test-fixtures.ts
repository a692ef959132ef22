import { emptyHistogram, type NativeHistogram } from '@watchfire/model'
import type { FPoint, HPoint } from '../../value.js'
import type { AnnotationSink, RangeInput } from './range-types.js'

/** Test helpers shared by the kernel tests: histogram literals and a recording annotation sink. */

/** A histogram with every field defaulted to empty. */
export function hist(fields: Partial<NativeHistogram>): NativeHistogram {
  return { ...emptyHistogram(), ...fields }
}

/** An annotation sink that keeps what it was told. */
export class RecordingSink implements AnnotationSink {
  readonly warnings: string[] = []
  readonly infos: string[] = []
  warn(message: string): void {
    this.warnings.push(message)
  }
  info(message: string): void {
    this.infos.push(message)
  }
}

/** Float points from `[seconds, value]` pairs. */
export function floatsAt(pairs: readonly (readonly [number, number])[]): FPoint[] {
  return pairs.map(([s, f]) => ({ t: s * 1000, f }))
}

/** A range input over `(startS, endS]` with a fresh recording sink. */
export function rangeInput(
  startS: number,
  endS: number,
  data: { floats?: FPoint[]; histograms?: HPoint[]; params?: number[]; metricName?: string },
): RangeInput & { annotations: RecordingSink } {
  const floats = data.floats ?? []
  return {
    ft: Float64Array.from(floats, (p) => p.t),
    fv: Float64Array.from(floats, (p) => p.f),
    fStart: 0,
    fEnd: floats.length,
    histograms: data.histograms ?? [],
    windowStartMs: startS * 1000,
    windowEndMs: endS * 1000,
    metricName: data.metricName ?? 'm',
    params: data.params ?? [],
    annotations: new RecordingSink(),
  }
}
