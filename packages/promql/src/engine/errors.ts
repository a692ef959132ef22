import { WatchfireError } from '@watchfire/model'

/**
 * A query that failed during evaluation. The message is Prometheus's text for the same failure
 * (scripts and API clients compare it), so `code` is what callers should branch on.
 */
export class QueryError extends WatchfireError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}

/** Prometheus's ErrTooManySamples text for the evaluation phase. */
export const TOO_MANY_SAMPLES_MESSAGE =
  'query processing would load too many samples into memory in query execution'

/** The query held more samples than `maxSamples` at one time. */
export function tooManySamples(): QueryError {
  return new QueryError('ERR_QUERY_TOO_MANY_SAMPLES', TOO_MANY_SAMPLES_MESSAGE)
}

/** The query ran past its `timeoutMs`. */
export function queryTimeout(): QueryError {
  return new QueryError('ERR_QUERY_TIMEOUT', 'query timed out in expression evaluation')
}

/** The caller aborted the query through its AbortSignal. */
export function queryCanceled(reason?: unknown): QueryError {
  return new QueryError('ERR_QUERY_CANCELED', 'query was canceled in expression evaluation', {
    cause: reason,
  })
}

/** An evaluation failure with Prometheus's message, e.g. a vector matching cardinality error. */
export function evalError(message: string): QueryError {
  return new QueryError('ERR_QUERY_EVAL', message)
}
