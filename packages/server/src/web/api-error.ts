import { WatchfireError } from '@watchfire/model'
import { StorageError } from '@watchfire/storage'

/** Prometheus's API error types; the JSON's `errorType`. */
export type ApiErrorType =
  'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'not_found' | 'unavailable'

/** The HTTP status of each error type, as Prometheus's web/api/v1 maps them (the one place we do). */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorType, number>> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  internal: 500,
  not_found: 404,
  // 2.42 has no case for it and falls through to 500 (later versions answer 503).
  unavailable: 500,
}

/** A failed API call: the `errorType` and `error` of Prometheus's error response. */
export class ApiError extends WatchfireError {
  readonly errorType: ApiErrorType

  constructor(errorType: ApiErrorType, message: string, options?: { cause?: unknown }) {
    super('ERR_API', message, options)
    this.errorType = errorType
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return API_ERROR_STATUS[this.errorType]
  }
}

/** `invalid parameter "<name>": <reason>`, Prometheus's wording for a bad request parameter. */
export function invalidParam(name: string, reason: string, cause?: unknown): ApiError {
  return new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: ${reason}`, { cause })
}

/**
 * Maps a query failure to Prometheus's error type by its stable code: canceled and timed-out
 * queries are 503s, storage failures internal, everything else an execution error (422).
 */
export function queryFailure(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const code = err instanceof WatchfireError ? err.code : undefined
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'ERR_QUERY_CANCELED') return new ApiError('canceled', message, { cause: err })
  if (code === 'ERR_QUERY_TIMEOUT') return new ApiError('timeout', message, { cause: err })
  if (code === 'ERR_PROMQL_PARSE') return invalidParam('query', message, err)
  if (err instanceof StorageError) return new ApiError('internal', message, { cause: err })
  return new ApiError('execution', message, { cause: err })
}
