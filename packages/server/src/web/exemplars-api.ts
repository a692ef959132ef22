import type { LabelRecord, Labels, Matcher } from '@watchfire/model'
import { children, parseExpr, type Expr } from '@watchfire/promql'
import { ApiError, invalidParam } from './api-error.js'
import { MAX_TIME_MS, MIN_TIME_MS, parseTimeParam } from './api-params.js'
import type { ApiResult } from './api-response.js'
import { formatApiFloat, formatApiTimestamp } from './json-numbers.js'
import type { ApiForm } from './request-body.js'
import { labelsJson } from './value-json.js'

/** The exemplars of one series, as a store answers {@link ExemplarQueryable.selectExemplars}. */
export interface ExemplarSeries {
  seriesLabels: Labels
  exemplars: readonly { labels: LabelRecord; value: number; timestampMs: number }[]
}

/** What /api/v1/query_exemplars reads from: the TSDB's exemplar storage. */
export interface ExemplarQueryable {
  /** Exemplars in [startMs, endMs] of series matching any matcher set, sorted by series labels. */
  selectExemplars(
    startMs: number,
    endMs: number,
    matcherSets: readonly (readonly Matcher[])[],
  ): ExemplarSeries[]
}

/** The label matchers of every vector selector in `expr`, as Prometheus's parser.ExtractSelectors. */
export function extractSelectors(expr: Expr): Matcher[][] {
  const out: Matcher[][] = []
  const visit = (node: Expr): void => {
    if (node.type === 'VectorSelector') out.push(node.matchers)
    for (const child of children(node)) visit(child)
  }
  visit(expr)
  return out
}

/** Exemplar labels as Prometheus's labels.Labels marshal them: an object sorted by name. */
function exemplarLabelsJson(labels: LabelRecord): string {
  const names = Object.keys(labels).sort()
  return `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(labels[n])}`).join(',')}}`
}

/** Prometheus's JSON for exemplar query results: labels, value as a string, timestamp in seconds. */
export function exemplarsJson(results: readonly ExemplarSeries[]): string {
  const series = results.map((r) => {
    const exemplars = r.exemplars.map(
      (e) =>
        `{"labels":${exemplarLabelsJson(e.labels)},"value":"${formatApiFloat(e.value)}","timestamp":${formatApiTimestamp(e.timestampMs)}}`,
    )
    return `{"seriesLabels":${labelsJson(r.seriesLabels)},"exemplars":[${exemplars.join(',')}]}`
  })
  return `[${series.join(',')}]`
}

/**
 * GET/POST /api/v1/query_exemplars: the exemplars in [start, end] of the series the PromQL
 * `query` selects (every vector selector in it, matched as written). `data` is null for an
 * expression without selectors, as in Prometheus.
 */
export function queryExemplars(store: ExemplarQueryable, form: ApiForm): ApiResult {
  const read = (name: string, fallback: number): number => {
    try {
      return parseTimeParam(form.get(name), name, fallback)
    } catch (err) {
      throw invalidParam(name, (err as Error).message, err)
    }
  }
  const startMs = read('start', MIN_TIME_MS)
  const endMs = read('end', MAX_TIME_MS)
  if (endMs < startMs) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp')
  let expr: Expr
  try {
    expr = parseExpr(form.get('query') ?? '')
  } catch (err) {
    throw new ApiError('bad_data', err instanceof Error ? err.message : String(err), { cause: err })
  }
  const selectors = extractSelectors(expr)
  if (selectors.length === 0) return { data: 'null' }
  return { data: exemplarsJson(store.selectExemplars(startMs, endMs, selectors)) }
}
