// Types of queries.js, for the TypeScript end-to-end suite that runs the same query set.
import type { DataShape } from './data.js'

/** One query of the set. */
export interface BenchQuery {
  name: string
  expr: string
}

/** Where the queries run: an instant time, and a range with its step (all ms). */
export interface QueryTimes {
  instantMs: number
  startMs: number
  endMs: number
  stepMs: number
}

/** The query set; every one is valid as both an instant and a range query. */
export declare const QUERIES: readonly BenchQuery[]
/** Where the queries run for a data shape. */
export declare function queryTimes(shape: DataShape): QueryTimes
