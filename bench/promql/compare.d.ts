// Types of compare.js, for the TypeScript end-to-end suite that runs the same differential check.
import type { Value } from '@watchfire/promql'

/** A result series reduced to its label-set key and [timestamp ms, value] points. */
export interface ComparableSeries {
  key: string
  points: [number, number][]
}

/** The `data` object of a Prometheus `/api/v1/query` or `/api/v1/query_range` answer. */
export interface ApiData {
  resultType: string
  result: unknown
}

/** Values are equal when within this relative distance (or both NaN, or the same infinity). */
export declare const RELATIVE_TOLERANCE: number
/** Reduces an engine result to sorted comparable series. */
export declare function fromEngine(value: Value): ComparableSeries[]
/** Reduces a Prometheus API `data` object to sorted comparable series. */
export declare function fromApi(data: ApiData): ComparableSeries[]
/** Lists how `ours` differs from `theirs`, at most `limit` lines; empty when they agree. */
export declare function diffResults(
  ours: ComparableSeries[],
  theirs: ComparableSeries[],
  limit?: number,
): string[]
