import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  contentTypeFor,
  copyHistogram,
  METRIC_NAME_LABEL,
  negotiateFormat,
  serialize,
  type Labels,
  type Matcher,
  type Metric,
  type MetricFamily,
  type NativeHistogram,
} from '@watchfire/model'
import { isStaleNaN, MergeSeriesSet, ValueType, type Queryable, type Series } from '@watchfire/storage'
import { ApiError } from './api-error.js'
import { parseMatchersParam } from './matchers-param.js'
import { ApiForm } from './request-body.js'

/** What the federation endpoint reads from and how. */
export interface FederateOptions {
  /** The local storage only: federating remote-read data would loop between servers. */
  queryable: Queryable
  /** --query.lookback-delta: how far back the newest sample of a series may lie. */
  lookbackDeltaMs: number
  now(): number
  /** The configuration's external labels, added to every series that lacks them. */
  externalLabels(): Labels
  log?: (message: string) => void
}

/** The newest sample of one series: a float or a native histogram. */
export interface FederatedSample {
  labels: Labels
  t: number
  v: number
  h: NativeHistogram | undefined
}

/** The newest sample of `series` at or before `maxt`, or undefined when it has none or it is a stale marker. */
function newestSample(series: Series, maxt: number): FederatedSample | undefined {
  const it = series.iterator()
  let t = Number.NaN
  let v = 0
  let type: ValueType = ValueType.None
  for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
    const at = it.atT()
    if (at > maxt) break
    t = at
    type = kind
    if (kind === ValueType.Float) v = it.atF()
  }
  if (type === ValueType.None) return undefined
  if (type === ValueType.Float)
    return isStaleNaN(v) ? undefined : { labels: series.labels, t, v, h: undefined }
  // Histograms are rare here: re-read the newest one rather than copying every histogram on the way.
  const again = series.iterator()
  if (again.seek(t) !== ValueType.Histogram) return undefined
  const h = copyHistogram(again.atHistogram())
  return isStaleNaN(h.sum) ? undefined : { labels: series.labels, t, v: 0, h }
}

/**
 * Reads the newest sample within the lookback window of every series matching any of the matcher
 * sets, as Prometheus's federation handler does: stale series are left out, the result is ordered by
 * metric name (then labels).
 */
export async function federatedSamples(
  options: FederateOptions,
  matcherSets: readonly (readonly Matcher[])[],
): Promise<FederatedSample[]> {
  const maxt = options.now()
  const mint = maxt - options.lookbackDeltaMs
  const hints = { start: mint, end: maxt }
  const querier = await options.queryable.querier(
    mint,
    maxt,
    matcherSets.map((matchers) => ({ hints, matchers })),
  )
  try {
    const set = new MergeSeriesSet(matcherSets.map((m) => querier.select(true, hints, ...m)))
    const out: FederatedSample[] = []
    while (set.next()) {
      const sample = newestSample(set.at(), maxt)
      if (sample !== undefined) out.push(sample)
    }
    const err = set.err()
    if (err !== undefined) throw err
    for (const w of set.warnings())
      options.log?.(`level=debug msg="Federation select returned warnings" warnings=${JSON.stringify(w)}`)
    // Stable: the labels order within one name survives.
    return out.sort((a, b) => {
      const na = a.labels.metricName
      const nb = b.labels.metricName
      return na < nb ? -1 : na > nb ? 1 : 0
    })
  } finally {
    querier.close()
  }
}

/**
 * Groups the samples into untyped (or native histogram) families, one per run of equal names, with
 * the external labels appended to each series lacking them (`instance=""` included when the external
 * labels have no instance, as Prometheus writes it). Histograms are kept only when `withHistograms`.
 */
export function federationFamilies(
  samples: readonly FederatedSample[],
  external: Labels,
  withHistograms: boolean,
): MetricFamily[] {
  const extra: [string, string][] = []
  external.forEach((name, value) => extra.push([name, value]))
  if (!external.has('instance')) extra.push(['instance', ''])
  extra.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const families: MetricFamily[] = []
  let current: MetricFamily | undefined
  for (const s of samples) {
    if (s.h !== undefined && !withHistograms) continue
    const name = s.labels.metricName
    if (name === '') continue
    const type =
      s.h === undefined ? 'unknown' : s.h.counterResetHint === 'gauge' ? 'gaugehistogram' : 'histogram'
    if (current === undefined || current.name !== name || current.type !== type) {
      current = { name, help: '', type, unit: '', metrics: [] }
      families.push(current)
    }
    const labels: Record<string, string> = {}
    s.labels.forEach((n, v) => {
      if (n !== METRIC_NAME_LABEL && v !== '') labels[n] = v
    })
    for (const [n, v] of extra) if (!(n in labels)) labels[n] = v
    const metric: Metric = { labels, timestampMs: s.t }
    if (s.h === undefined) metric.value = s.v
    else metric.histogram = { count: s.h.count, sum: s.h.sum, buckets: [], native: s.h }
    current.metrics.push(metric)
  }
  return families
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(`${message}\n`)
}

/**
 * GET /federate?match[]=…: the newest sample of each matching series in the text format, or the
 * delimited protobuf format when the Accept header asks for it (the only one carrying native
 * histograms), with timestamps and external labels, as Prometheus's federation endpoint serves it.
 */
export function federateHandler(
  options: FederateOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let body: string | Uint8Array
    let contentType: string
    try {
      const form = await ApiForm.read(req, new URL(req.url ?? '/', 'http://localhost'))
      const sets = parseMatchersParam(form.getAll('match[]'))
      const format = negotiateFormat(req.headers.accept) === 'protobuf' ? 'protobuf' : 'text'
      const samples = await federatedSamples(options, sets)
      const families = federationFamilies(samples, options.externalLabels(), format === 'protobuf')
      body = format === 'protobuf' ? serialize(families, 'protobuf') : serialize(families, 'text')
      contentType = contentTypeFor(format)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      plain(res, err instanceof ApiError && err.status === 400 ? 400 : 500, message)
      return
    }
    res.writeHead(200, { 'Content-Type': contentType })
    res.end(body)
  }
}
