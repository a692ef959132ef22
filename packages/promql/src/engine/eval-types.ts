import type { Labels, NativeHistogram } from '@watchfire/model'
import type { VectorSelector } from '../parser/ast.js'
import type { FPoint, HPoint } from '../value.js'
import type { Annotations } from './annotations.js'
import type { QueryLimits } from './limits.js'
import type { StoredSeries } from './stored-series.js'

/**
 * A series of an intermediate result: one point per step at which it has a value. `dropName`
 * records that `__name__` is to be removed when the query finishes (Prometheus 3.x delayed name
 * removal) rather than immediately.
 */
export interface EvalSeries {
  metric: Labels
  floats: FPoint[]
  histograms: HPoint[]
  dropName: boolean
}

/** The value of every vector- or scalar-typed node over all steps (scalars: one series, no labels). */
export type EvalMatrix = EvalSeries[]

/** One element of an instant vector at one step; `h` set for histogram samples. */
export interface EvalSample {
  metric: Labels
  f: number
  h: NativeHistogram | undefined
  dropName: boolean
}

/** An instant vector at one step. */
export type EvalVector = EvalSample[]

/** What evaluating a node yields: a matrix over the steps, or a string literal. */
export type EvalResult = EvalMatrix | { kind: 'string'; v: string }

/** State shared by an evaluator and the child evaluators of its subqueries. */
export interface EvalContext {
  readonly query: string
  readonly series: ReadonlyMap<VectorSelector, StoredSeries[]>
  readonly limits: QueryLimits
  readonly annotations: Annotations
  readonly lookbackMs: number
  readonly delayedNameRemoval: boolean
  readonly defaultSubqueryStepMs: number
  /** Whether selected series carry start timestamps (the engine's `useStartTimestamps`). */
  readonly useStartTimestamps?: boolean
}

/**
 * Receives a node's float outputs series by series instead of having them assembled into points,
 * for an aggregation that consumes them directly.
 */
export interface FloatOutputSink {
  /** Starts the outputs of a series (called at its first output). */
  series(metric: Labels): void
  /** The current series' output at step index `step`. */
  float(step: number, f: number): void
}
