import { documentedType, parseExpr, typeOf, type QueryOptions, type QueryResult } from '@watchfire/promql'
import type { Queryable } from '@watchfire/storage'
import { ApiError, invalidParam, queryFailure } from './api-error.js'
import { parseDurationParam, parseTime, parseTimeParam } from './api-params.js'
import type { ApiResult } from './api-response.js'
import type { ApiForm } from './request-body.js'
import { queryDataJson } from './value-json.js'

/** What the query endpoints evaluate with; `Engine` from @watchfire/promql is one. */
export interface QueryEngine {
  instantQuery(
    queryable: Queryable,
    query: string,
    timeMs: number,
    options?: QueryOptions,
  ): Promise<QueryResult>
  rangeQuery(
    queryable: Queryable,
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options?: QueryOptions,
  ): Promise<QueryResult>
}

/** What the query endpoints need. */
export interface QueryApiDeps {
  engine: QueryEngine
  queryable: Queryable
  now: () => number
}

/** Prometheus refuses range queries returning more points than this per series. */
const MAX_POINTS_PER_SERIES = 11_000

function param<T>(name: string, parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw invalidParam(name, (err as Error).message, err)
  }
}

/** Runs `evaluate` with the request's signal and the optional `timeout` parameter. */
async function withTimeout(
  form: ApiForm,
  signal: AbortSignal,
  evaluate: (signal: AbortSignal) => Promise<QueryResult>,
): Promise<ApiResult> {
  const timeout = form.get('timeout')
  const timeoutMs =
    timeout === undefined || timeout === '' ? undefined : param('timeout', () => parseDurationParam(timeout))
  const controller = new AbortController()
  const onAbort = (): void => controller.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  let timedOut = false
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true
          controller.abort(new Error('query timeout'))
        }, timeoutMs)
  try {
    const result = await evaluate(controller.signal)
    return { data: queryDataJson(result.value), warnings: result.warnings, infos: result.infos }
  } catch (err) {
    if (timedOut) throw new ApiError('timeout', 'query timed out in expression evaluation', { cause: err })
    throw queryFailure(err)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    signal.removeEventListener('abort', onAbort)
  }
}

/** GET/POST /api/v1/query: `query`, optional `time` (default now) and `timeout`. */
export function instantQuery(deps: QueryApiDeps, form: ApiForm, signal: AbortSignal): Promise<ApiResult> {
  const timeMs = param('time', () => parseTimeParam(form.get('time'), 'time', deps.now()))
  const query = form.get('query') ?? ''
  return withTimeout(form, signal, (s) =>
    deps.engine.instantQuery(deps.queryable, query, timeMs, { signal: s }),
  )
}

/** GET/POST /api/v1/query_range: `query`, `start`, `end`, `step`, optional `timeout`. */
export function rangeQuery(deps: QueryApiDeps, form: ApiForm, signal: AbortSignal): Promise<ApiResult> {
  const startMs = param('start', () => parseTime(form.get('start') ?? ''))
  const endMs = param('end', () => parseTime(form.get('end') ?? ''))
  if (endMs < startMs) throw invalidParam('end', 'end timestamp must not be before start time')
  const stepMs = param('step', () => parseDurationParam(form.get('step') ?? ''))
  if (!(stepMs > 0))
    throw invalidParam(
      'step',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    )
  if (Math.floor((endMs - startMs) / stepMs) > MAX_POINTS_PER_SERIES)
    throw new ApiError(
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    )
  const query = form.get('query') ?? ''
  // Prometheus refuses these when it creates the query, before evaluating: a bad parameter, not a 422.
  const type = param('query', () => typeOf(parseExpr(query)))
  if (type !== 'vector' && type !== 'scalar')
    throw invalidParam(
      'query',
      `invalid expression type ${JSON.stringify(documentedType(type))} for range query, must be Scalar or instant Vector`,
    )
  return withTimeout(form, signal, (s) =>
    deps.engine.rangeQuery(deps.queryable, query, startMs, endMs, stepMs, { signal: s }),
  )
}
