import { Labels } from '@watchfire/model'
import type { Queryable } from '@watchfire/storage'
import { ApiError, invalidParam } from './api-error.js'
import { MAX_TIME_MS, MIN_TIME_MS, parseTimeParam } from './api-params.js'
import type { ApiResult } from './api-response.js'
import { parseMatchersParam } from './matchers-param.js'
import type { ApiForm } from './request-body.js'
import { labelsJson } from './value-json.js'

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

function timeRange(form: ApiForm): { startMs: number; endMs: number } {
  const read = (name: string, fallback: number): number => {
    try {
      return parseTimeParam(form.get(name), name, fallback)
    } catch (err) {
      throw invalidParam(name, (err as Error).message, err)
    }
  }
  return { startMs: read('start', MIN_TIME_MS), endMs: read('end', MAX_TIME_MS) }
}

function storageFailure(err: unknown): ApiError {
  return new ApiError('execution', err instanceof Error ? err.message : String(err), { cause: err })
}

/** GET/POST /api/v1/series: the label sets of series matching any `match[]` in [start, end]. */
export async function seriesLookup(queryable: Queryable, form: ApiForm): Promise<ApiResult> {
  const selectors = form.getAll('match[]')
  if (selectors.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided')
  const { startMs, endMs } = timeRange(form)
  const sets = parseMatchersParam(selectors)
  const querier = await queryable.querier(startMs, endMs)
  try {
    const found = new Map<string, Labels>()
    const warnings: string[] = []
    for (const matchers of sets) {
      const set = querier.select(true, { start: startMs, end: endMs, func: 'series' }, ...matchers)
      while (set.next()) {
        const labels = set.at().labels
        found.set(labels.toString(), labels)
      }
      const err = set.err()
      if (err !== undefined) throw storageFailure(err)
      warnings.push(...set.warnings())
    }
    const sorted = [...found.values()].sort(Labels.compare)
    return { data: `[${sorted.map(labelsJson).join(',')}]`, warnings }
  } finally {
    querier.close()
  }
}

async function union(lists: Promise<string[]>[]): Promise<string[]> {
  const all = new Set<string>()
  for (const list of await Promise.all(lists)) for (const v of list) all.add(v)
  return [...all].sort()
}

/** GET/POST /api/v1/labels: label names, of the series matching any `match[]` when given. */
export async function labelNames(queryable: Queryable, form: ApiForm): Promise<ApiResult> {
  const { startMs, endMs } = timeRange(form)
  const sets = parseMatchersParam(form.getAll('match[]'))
  const querier = await queryable.querier(startMs, endMs)
  try {
    const names =
      sets.length === 0 ? await querier.labelNames() : await union(sets.map((m) => querier.labelNames(...m)))
    return { data: JSON.stringify(names) }
  } catch (err) {
    throw err instanceof ApiError ? err : storageFailure(err)
  } finally {
    querier.close()
  }
}

/** GET /api/v1/label/<name>/values: the values of one label, of series matching any `match[]` when given. */
export async function labelValues(queryable: Queryable, name: string, form: ApiForm): Promise<ApiResult> {
  if (!LABEL_NAME.test(name)) throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`)
  const { startMs, endMs } = timeRange(form)
  const sets = parseMatchersParam(form.getAll('match[]'))
  const querier = await queryable.querier(startMs, endMs)
  try {
    const values =
      sets.length === 0
        ? await querier.labelValues(name)
        : await union(sets.map((m) => querier.labelValues(name, ...m)))
    return { data: JSON.stringify(values) }
  } catch (err) {
    throw err instanceof ApiError ? err : storageFailure(err)
  } finally {
    querier.close()
  }
}
