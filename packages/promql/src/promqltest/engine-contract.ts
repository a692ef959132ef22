import type { Queryable } from '@watchfire/storage'
import type { Value } from '../value.js'

/** What a query returned: the value plus annotation texts (`PromQL warning: …`, `PromQL info: …`). */
export interface QueryOutcome {
  value: Value
  warnings: string[]
  infos: string[]
}

/**
 * The engine as the promqltest runner sees it. Implementations run with the settings the scripts
 * assume (lookback 5m, default subquery step 1m, experimental functions and delayed `__name__`
 * removal on). A query that fails, at parse or evaluation time, rejects with an Error whose
 * message is compared with `expect fail` lines.
 */
export interface PromqlTestEngine {
  /** Evaluates `expr` at one instant (ms). */
  instantQuery(storage: Queryable, expr: string, timeMs: number): Promise<QueryOutcome>
  /** Evaluates `expr` from `startMs` to `endMs` inclusive every `stepMs`; the value is a matrix. */
  rangeQuery(
    storage: Queryable,
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<QueryOutcome>
}
