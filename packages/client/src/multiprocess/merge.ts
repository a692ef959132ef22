import type { Bucket, LabelRecord, Metric as SeriesSample, MetricFamily } from '@watchfire/model'
import { incompatibility } from './compatible.js'
import { loadNumber } from './state.js'
import type { MetricState, SeriesState } from './state.js'

/** One process's (or the archive's) metrics, as input to a merge. */
export interface MergeSource {
  metrics: readonly MetricState[]
  /** False for the archive and for workers found dead whose state is not folded yet. */
  live: boolean
  /** The worker's pid, for the `all` and `liveall` gauge modes; undefined for the archive. */
  pid: number | undefined
}

interface SeriesAcc {
  labels: LabelRecord
  value: number
  changedMs: number
  contributors: number
  buckets: number[] | undefined
  sum: number
  count: number
  createdMs: number | undefined
  sketches: Array<[number[], number[]]>
}

interface MetricAcc {
  meta: MetricState
  series: Map<string, SeriesAcc>
}

/**
 * Combines workers' and the archive's states into exposition families: counters, histograms and summaries'
 * count and sum add up; gauges follow their mode; summary quantiles come from the merged windows of live
 * workers. A source whose definition of a metric differs from the first one seen is reported and left out.
 */
export function mergeSources(
  sources: readonly MergeSource[],
  report: (message: string) => void,
): MetricFamily[] {
  const metrics = new Map<string, MetricAcc>()
  for (const source of sources) {
    for (const m of source.metrics) {
      let acc = metrics.get(m.name)
      if (acc === undefined) {
        acc = { meta: m, series: new Map() }
        metrics.set(m.name, acc)
      } else {
        const why = incompatibility(acc.meta, m)
        if (why !== undefined) {
          report(
            `cannot merge metric ${m.name} of ${source.pid === undefined ? 'the archive' : `pid ${source.pid}`} (${why})`,
          )
          continue
        }
      }
      addMetric(acc, m, source)
    }
  }
  const families: MetricFamily[] = []
  for (const { meta, series } of metrics.values()) {
    const samples: SeriesSample[] = []
    for (const s of series.values()) samples.push(toSample(meta, s))
    families.push({ name: meta.name, help: meta.help, type: meta.type, unit: meta.unit, metrics: samples })
  }
  return families
}

function addMetric(acc: MetricAcc, m: MetricState, source: MergeSource): void {
  const mode = m.type === 'gauge' ? m.mode : 'sum'
  if (mode === 'omit') return
  if (mode.startsWith('live') && !source.live) return
  const perWorker = mode === 'all' || mode === 'liveall'
  for (const s of m.series) {
    const pid = perWorker ? (s.p ?? source.pid) : undefined
    const key = pid === undefined ? JSON.stringify(s.l) : `${JSON.stringify(s.l)}#${pid}`
    let target = acc.series.get(key)
    if (target === undefined) {
      target = newSeries(m.labelNames, s, pid)
      acc.series.set(key, target)
    }
    addSeries(target, s, m.type, mode, source.live)
  }
}

function newSeries(names: readonly string[], s: SeriesState, pid: number | undefined): SeriesAcc {
  const labels: Record<string, string> = {}
  for (let i = 0; i < names.length; i++) {
    const v = s.l[i]
    if (typeof v === 'string') labels[names[i] as string] = v
  }
  if (pid !== undefined) labels['pid'] = String(pid)
  return {
    labels: Object.freeze(labels),
    value: NaN,
    changedMs: -Infinity,
    contributors: 0,
    buckets: undefined,
    sum: 0,
    count: 0,
    createdMs: undefined,
    sketches: [],
  }
}

function addSeries(
  into: SeriesAcc,
  s: SeriesState,
  type: MetricState['type'],
  mode: string,
  live: boolean,
): void {
  if (s.cr !== undefined)
    into.createdMs = into.createdMs === undefined ? s.cr : Math.min(into.createdMs, s.cr)
  const first = into.contributors === 0
  into.contributors++
  if (type === 'counter' || type === 'gauge') {
    const v = loadNumber(s.v)
    if (first) {
      into.value = v
      into.changedMs = s.t ?? 0
    } else if (type === 'counter' || mode === 'sum' || mode === 'livesum' || mode === 'liveaverage') {
      into.value += v
    } else if (mode === 'min') {
      into.value = Math.min(into.value, v)
    } else if (mode === 'max') {
      into.value = Math.max(into.value, v)
    } else if ((s.t ?? 0) >= into.changedMs) {
      into.value = v
      into.changedMs = s.t ?? 0
    }
    return
  }
  into.sum += loadNumber(s.s)
  into.count += s.c ?? 0
  if (type === 'histogram' && s.b !== undefined) {
    const b = (into.buckets ??= new Array<number>(s.b.length).fill(0))
    for (let i = 0; i < s.b.length; i++) b[i] = (b[i] ?? 0) + (s.b[i] ?? 0)
  }
  if (type === 'summary' && live && s.q !== undefined) into.sketches.push(s.q)
}

function toSample(meta: MetricState, s: SeriesAcc): SeriesSample {
  if (meta.type === 'counter') {
    const m: SeriesSample = { labels: s.labels, value: s.value }
    if (s.createdMs !== undefined) m.createdMs = s.createdMs
    return m
  }
  if (meta.type === 'gauge') {
    return { labels: s.labels, value: meta.mode === 'liveaverage' ? s.value / s.contributors : s.value }
  }
  const createdMs = s.createdMs ?? Date.now()
  if (meta.type === 'histogram') {
    const bounds = meta.bounds ?? []
    const buckets: Bucket[] = []
    let cumulative = 0
    if (s.buckets !== undefined && s.buckets.length === bounds.length + 1) {
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += s.buckets[i] as number
        buckets.push({
          upperBound: i < bounds.length ? (bounds[i] as number) : Infinity,
          cumulativeCount: cumulative,
        })
      }
    }
    return { labels: s.labels, histogram: { count: s.count, sum: s.sum, buckets, createdMs } }
  }
  const quantiles = mergedQuantiles(s.sketches, meta.percentiles ?? [])
  return { labels: s.labels, summary: { count: s.count, sum: s.sum, quantiles, createdMs } }
}

/**
 * Quantiles of the union of several workers' windows. Each window is a Greenwald–Khanna summary whose value
 * `v` stands for `g` observations with rank error at most ε·n; walking all values in order and summing the
 * weights bounds the merged rank error by the sum of the parts' errors, ε·N (so 2·ε counted both ways).
 */
export function mergedQuantiles(
  sketches: ReadonlyArray<readonly [readonly number[], readonly number[]]>,
  percentiles: readonly number[],
): Array<{ quantile: number; value: number }> {
  const values: number[] = []
  const weights: number[] = []
  for (const [vs, ws] of sketches) {
    for (let i = 0; i < vs.length; i++) {
      values.push(vs[i] as number)
      weights.push(ws[i] ?? 0)
    }
  }
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  let total = 0
  for (const w of weights) total += w
  return percentiles.map((q) => {
    if (total === 0) return { quantile: q, value: NaN }
    const target = Math.min(total, Math.max(1, Math.ceil(q * total)))
    let cumulative = 0
    for (const i of order) {
      cumulative += weights[i] as number
      if (cumulative >= target) return { quantile: q, value: values[i] as number }
    }
    return { quantile: q, value: values[order[order.length - 1] as number] as number }
  })
}
