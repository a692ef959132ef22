import { AssertionError } from 'node:assert'
import {
  checkEvaluatesTo,
  checkHasSeries,
  type CheckOutcome,
  type EvaluateOptions,
  type ExpectedSample,
} from './metrics-checks.js'
import type { MetricsQueryResult } from './query-result.js'

/** Assertions on a query result; each throws an AssertionError with a readable diff when it fails. */
export interface MetricsAssertions {
  /** Some series has every label given (it may have more). */
  toHaveSeries(labels: Readonly<Record<string, string>>): void
  /** A single value, or samples paired one to one by exact label set, equal within the tolerance. */
  toEvaluateTo(expected: number | readonly ExpectedSample[], options?: EvaluateOptions): void
  /** The same assertions, negated. */
  readonly not: Omit<MetricsAssertions, 'not'>
}

function enforce(outcome: CheckOutcome, negated: boolean, operator: string): void {
  if (outcome.pass !== negated) return
  throw new AssertionError({ message: outcome.message, operator })
}

function assertions(result: MetricsQueryResult, negated: boolean): Omit<MetricsAssertions, 'not'> {
  return {
    toHaveSeries: (labels) => enforce(checkHasSeries(result, labels), negated, 'toHaveSeries'),
    toEvaluateTo: (expected, options) =>
      enforce(checkEvaluatesTo(result, expected, options), negated, 'toEvaluateTo'),
  }
}

/**
 * Assertions on a harness query result that work in any test runner (vitest, Jest, node:test):
 * `expectMetrics(await h.query('up')).toEvaluateTo(1)`.
 */
export function expectMetrics(result: MetricsQueryResult): MetricsAssertions {
  return { ...assertions(result, false), not: assertions(result, true) }
}
