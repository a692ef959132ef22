import type { Vector } from '@watchfire/promql'
import type { QueryFunc } from './query-func.js'

/** Health of a rule after its latest evaluation (Prometheus's `ok`, `err`, `unknown`). */
export type RuleHealth = 'unknown' | 'ok' | 'err'

/** What one evaluation of a rule needs. */
export interface RuleEvalContext {
  /** The group's evaluation time. */
  timeMs: number
  /** Queries run at `timeMs - queryOffsetMs`, and results carry that time. */
  queryOffsetMs: number
  query: QueryFunc
  /** The group's `limit`; 0 is no limit. */
  limit: number
  externalLabels: Readonly<Record<string, string>>
  externalURL: string
  /** Called for each template that failed to expand (counted, never thrown). */
  onTemplateError: (err: Error) => void
  signal?: AbortSignal
}

/** A recording or alerting rule: evaluates to the samples to write. */
export interface Rule {
  readonly kind: 'recording' | 'alerting'
  readonly name: string
  readonly expr: string
  readonly labels: Readonly<Record<string, string>>
  /** Evaluates the rule; rejects when the query fails or the result is unusable. */
  eval(ctx: RuleEvalContext): Promise<Vector>
  /** Bookkeeping of the latest evaluation, for the API and the self-metrics. */
  health: RuleHealth
  lastError: Error | undefined
  lastEvaluationMs: number
  evaluationDurationMs: number
}

/** A rule whose result was refused (duplicate label sets, limits). */
export class RuleEvalError extends Error {
  readonly code = 'ERR_RULE_EVAL'
}

/** True when two samples of `vector` have the same labels. */
export function hasDuplicateLabelSets(vector: Vector): boolean {
  const seen = new Map<number, Vector>()
  for (const s of vector) {
    const h = s.metric.hash()
    const bucket = seen.get(h)
    if (bucket === undefined) seen.set(h, [s])
    else {
      if (bucket.some((o) => o.metric.equals(s.metric))) return true
      bucket.push(s)
    }
  }
  return false
}
