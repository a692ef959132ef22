import type { Matcher } from '@watchfire/model'
import { parseMetricSelector } from '@watchfire/promql'
import { ApiError } from './api-error.js'

/**
 * Parses every `match[]` selector. A parse error is bad_data with the parser's message; a set
 * whose matchers all match the empty string is refused, as Prometheus does, because it would
 * select every series.
 */
export function parseMatchersParam(values: readonly string[]): Matcher[][] {
  const sets: Matcher[][] = []
  for (const value of values) {
    let matchers: Matcher[]
    try {
      matchers = parseMetricSelector(value)
    } catch (err) {
      throw new ApiError('bad_data', (err as Error).message, { cause: err })
    }
    sets.push(matchers)
  }
  for (const set of sets) {
    if (set.every((m) => m.matchesEmpty()))
      throw new ApiError('bad_data', 'match[] must contain at least one non-empty matcher')
  }
  return sets
}
