import { HarnessError } from './errors.js'
import {
  checkEvaluatesTo,
  checkHasSeries,
  type EvaluateOptions,
  type ExpectedSample,
} from './metrics-checks.js'
import { MetricsQueryResult } from './query-result.js'

export type { EvaluateOptions, ExpectedSample } from './metrics-checks.js'

/** What vitest and Jest expect a custom matcher to return. */
export interface MatcherResult {
  pass: boolean
  message: () => string
}

/**
 * The matchers' types, to merge into the runner's assertion interface (no runtime import of
 * vitest or Jest): `declare module 'vitest' { interface Assertion<T> extends MetricsMatchers<T> {} }`.
 */
export interface MetricsMatchers<R = unknown> {
  /** Some series of the result has every label given (it may have more). */
  toHaveSeries(labels: Readonly<Record<string, string>>): R
  /** A single value, or samples paired one to one by exact label set, equal within the tolerance. */
  toEvaluateTo(expected: number | readonly ExpectedSample[], options?: EvaluateOptions): R
}

function asResult(received: unknown, matcher: string): MetricsQueryResult {
  if (received instanceof MetricsQueryResult) return received
  const got =
    received === null ? 'null' : typeof received === 'object' ? received.constructor.name : typeof received
  throw new HarnessError(
    'ERR_HARNESS_RESULT',
    `cannot apply ${matcher} to ${got} (pass the awaited result of h.query())`,
  )
}

/**
 * Custom matchers for `expect.extend(metricsMatchers)` in vitest or Jest. Negation (`.not`) and
 * `.resolves` work as for built-in matchers.
 */
export const metricsMatchers = {
  /** See {@link MetricsMatchers.toHaveSeries}. */
  toHaveSeries(received: unknown, labels: Readonly<Record<string, string>>): MatcherResult {
    const { pass, message } = checkHasSeries(asResult(received, 'toHaveSeries'), labels)
    return { pass, message: () => message }
  },
  /** See {@link MetricsMatchers.toEvaluateTo}. */
  toEvaluateTo(
    received: unknown,
    expected: number | readonly ExpectedSample[],
    options?: EvaluateOptions,
  ): MatcherResult {
    const { pass, message } = checkEvaluatesTo(asResult(received, 'toEvaluateTo'), expected, options)
    return { pass, message: () => message }
  },
}
