import type { Vector } from '@watchfire/promql'
import { LabelOverrides } from './label-overrides.js'
import {
  hasDuplicateLabelSets,
  RuleEvalError,
  type Rule,
  type RuleEvalContext,
  type RuleHealth,
} from './rule.js'

/**
 * A recording rule: evaluates its expression and renames the result to `record`, adding its labels.
 * Two samples ending up with the same labels, or more series than the group's limit, fail the rule.
 */
export class RecordingRule implements Rule {
  readonly kind = 'recording'
  health: RuleHealth = 'unknown'
  lastError: Error | undefined = undefined
  lastEvaluationMs = 0
  evaluationDurationMs = 0
  private readonly overrides: LabelOverrides

  constructor(
    readonly name: string,
    readonly expr: string,
    readonly labels: Readonly<Record<string, string>>,
  ) {
    this.overrides = new LabelOverrides({ __name__: name, ...labels })
  }

  async eval(ctx: RuleEvalContext): Promise<Vector> {
    const vector = await ctx.query(this.expr, ctx.timeMs - ctx.queryOffsetMs, ctx.signal)
    for (const sample of vector) sample.metric = this.overrides.apply(sample.metric)
    if (hasDuplicateLabelSets(vector))
      throw new RuleEvalError('vector contains metrics with the same labelset after applying rule labels')
    if (ctx.limit > 0 && vector.length > ctx.limit)
      throw new RuleEvalError(`exceeded limit of ${ctx.limit} with ${vector.length} series`)
    return vector
  }
}
