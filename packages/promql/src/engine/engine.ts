import type { Queryable } from '@watchfire/storage'
import { documentedType, typeOf } from '../parser/ast.js'
import { parseExpr } from '../parser/parser.js'
import type { Matrix, Sample, Value } from '../value.js'
import { Labels } from '@watchfire/model'
import { Annotations } from './annotations.js'
import { evalError } from './errors.js'
import type { EvalContext, EvalMatrix } from './eval-types.js'
import { Evaluator } from './evaluator.js'
import { QueryLimits } from './limits.js'
import { cleanupMetricLabels } from './name-removal.js'
import { populateSeries, selectorRanges } from './populate.js'
import { prepareExpr, type QueryTimes } from './prepare.js'

/** Engine settings; defaults are Prometheus's. */
export interface EngineOptions {
  /** How far back an instant selector looks for a sample. Default 5m. */
  lookbackDeltaMs?: number
  /** The most samples a query may hold at once. Default 50,000,000. */
  maxSamples?: number
  /** Wall-clock budget per query. Default 2m. */
  timeoutMs?: number
  /** Step of subqueries written without one (`x[5m:]`). Default 1m. */
  defaultSubqueryStepMs?: number
  /** Prometheus 3.x delayed `__name__` removal: names are dropped when the query ends. Default true. */
  enableDelayedNameRemoval?: boolean
  /** End annotation texts with the query position `(line:column)`, as the HTTP API shows them. Default true. */
  annotationPositions?: boolean
  /**
   * Read samples' start timestamps (created timestamps) from storage and use them in rate,
   * increase, irate, resets and start_timestamp, as Prometheus's `use-start-timestamps` does.
   * Default false.
   */
  useStartTimestamps?: boolean
}

/** Per-query options. */
export interface QueryOptions {
  /** Aborts the query; it then rejects with code ERR_QUERY_CANCELED. */
  signal?: AbortSignal
}

/** Counters describing one query's work. */
export interface QueryStats {
  /** The most samples held at once. */
  peakSamples: number
  /** Samples read from storage. */
  samplesRead: number
  /** Wall-clock time of the evaluation, in ms. */
  evalMs: number
}

/** A query's value, its annotation texts and its stats. */
export interface QueryResult {
  value: Value
  warnings: string[]
  infos: string[]
  stats: QueryStats
}

/**
 * The PromQL engine: parses a query, reads what its selectors need from a Queryable once, then
 * evaluates it step by step with Prometheus 3.x semantics (left-open ranges, lookback, staleness,
 * `@`, subqueries, delayed name removal). Queries fail with Prometheus's error texts.
 */
export class Engine {
  private readonly lookbackDeltaMs: number
  private readonly maxSamples: number
  private readonly timeoutMs: number
  private readonly defaultSubqueryStepMs: number
  private readonly delayedNameRemoval: boolean
  private readonly annotationPositions: boolean
  private readonly useStartTimestamps: boolean

  constructor(options: EngineOptions = {}) {
    this.lookbackDeltaMs = options.lookbackDeltaMs ?? 300_000
    this.maxSamples = options.maxSamples ?? 50_000_000
    this.timeoutMs = options.timeoutMs ?? 120_000
    this.defaultSubqueryStepMs = options.defaultSubqueryStepMs ?? 60_000
    this.delayedNameRemoval = options.enableDelayedNameRemoval ?? true
    this.annotationPositions = options.annotationPositions ?? true
    this.useStartTimestamps = options.useStartTimestamps ?? false
  }

  /** Evaluates `query` at `timeMs`. */
  async instantQuery(
    queryable: Queryable,
    query: string,
    timeMs: number,
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    return this.exec(queryable, query, { startMs: timeMs, endMs: timeMs, stepMs: 0 }, options)
  }

  /** Evaluates `query` at every `stepMs` from `startMs` to `endMs`; the value is always a matrix. */
  async rangeQuery(
    queryable: Queryable,
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    options: QueryOptions = {},
  ): Promise<QueryResult> {
    if (!(stepMs > 0))
      throw evalError(
        'zero or negative query resolution step widths are not accepted. Try a positive integer',
      )
    if (endMs < startMs) throw evalError('end timestamp must not be before start time')
    return this.exec(queryable, query, { startMs, endMs, stepMs }, options)
  }

  private async exec(
    queryable: Queryable,
    query: string,
    times: QueryTimes,
    options: QueryOptions,
  ): Promise<QueryResult> {
    const began = performance.now()
    const expr = parseExpr(query)
    const type = typeOf(expr)
    const isRange = times.stepMs > 0
    if (isRange && type !== 'vector' && type !== 'scalar') {
      throw evalError(
        `invalid expression type ${JSON.stringify(documentedType(type))} for range query, must be Scalar or instant Vector`,
      )
    }
    const limits = new QueryLimits(this.maxSamples, this.timeoutMs, options.signal)
    limits.check()
    const root = prepareExpr(expr, times)
    const ranges = selectorRanges(root, times, this.lookbackDeltaMs)
    let mint = Infinity
    let maxt = -Infinity
    for (const r of ranges) {
      mint = Math.min(mint, r.mint)
      maxt = Math.max(maxt, r.maxt)
    }
    const annotations = new Annotations(query, this.annotationPositions)
    const planned = ranges.map((r) => ({ hints: r.hints, matchers: r.node.matchers }))
    const querier = await queryable.querier(
      ranges.length === 0 ? 0 : mint,
      ranges.length === 0 ? 0 : maxt,
      planned,
    )
    try {
      limits.check()
      const { series, warnings } = populateSeries(querier, ranges, limits, this.useStartTimestamps)
      let samplesRead = 0
      for (const list of series.values()) for (const s of list) samplesRead += s.size
      const ctx: EvalContext = {
        query,
        series,
        limits,
        annotations,
        lookbackMs: this.lookbackDeltaMs,
        delayedNameRemoval: this.delayedNameRemoval,
        defaultSubqueryStepMs: this.defaultSubqueryStepMs,
        useStartTimestamps: this.useStartTimestamps,
      }
      const ev = new Evaluator(ctx, times.startMs, times.endMs, isRange ? times.stepMs : 1)
      const res = await ev.eval(root)
      limits.check()
      let value: Value
      if (!Array.isArray(res)) value = { type: 'string', t: times.startMs, v: res.v }
      else {
        const mat = cleanupMetricLabels(res)
        value = toValue(mat, type, times, isRange)
      }
      return {
        value,
        warnings: [...warnings, ...annotations.warnings],
        infos: [...annotations.infos],
        stats: { peakSamples: limits.peak, samplesRead, evalMs: performance.now() - began },
      }
    } finally {
      querier.close()
    }
  }
}

function sortMatrix(mat: Matrix): Matrix {
  return mat.sort((a, b) => Labels.compare(a.metric, b.metric))
}

function toValue(mat: EvalMatrix, type: string, times: QueryTimes, isRange: boolean): Value {
  if (isRange || type === 'matrix') {
    return {
      type: 'matrix',
      series: sortMatrix(mat.map((s) => ({ metric: s.metric, floats: s.floats, histograms: s.histograms }))),
    }
  }
  const t = times.startMs
  if (type === 'scalar') return { type: 'scalar', t, v: mat[0]?.floats[0]?.f ?? NaN }
  const samples: Sample[] = []
  for (const s of mat) {
    const h = s.histograms[0]
    if (h !== undefined) samples.push({ metric: s.metric, t, f: 0, h: h.h })
    else samples.push({ metric: s.metric, t, f: s.floats[0]?.f ?? NaN })
  }
  return { type: 'vector', samples }
}
