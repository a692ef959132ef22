import type { Engine, Vector } from '@watchfire/promql'
import type { Queryable } from '@watchfire/storage'
import { WatchfireError } from '@watchfire/model'
import { Labels } from '@watchfire/model'

/** Evaluates a PromQL expression at one instant for a rule; the rules engine's only way to read data. */
export type QueryFunc = (expr: string, timeMs: number, signal?: AbortSignal) => Promise<Vector>

/** A rule expression that evaluated to something other than a vector or a scalar. */
export class RuleResultError extends WatchfireError {
  constructor() {
    super('ERR_RULE_RESULT', 'rule result is not a vector or scalar')
  }
}

/**
 * A QueryFunc over an Engine and a Queryable, as Prometheus's EngineQueryFunc: a scalar becomes a
 * one-sample vector without labels; strings and matrices are errors.
 */
export function engineQueryFunc(engine: Engine, queryable: Queryable): QueryFunc {
  return async (expr, timeMs, signal) => {
    const { value } = await engine.instantQuery(
      queryable,
      expr,
      timeMs,
      signal === undefined ? {} : { signal },
    )
    if (value.type === 'vector') return value.samples
    if (value.type === 'scalar') return [{ metric: Labels.EMPTY, t: value.t, f: value.v }]
    throw new RuleResultError()
  }
}
