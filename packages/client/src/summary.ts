import type { LabelRecord, Metric as SeriesSample, Quantile } from '@watchfire/model'
import { InvalidValueError, MetricConfigError } from './errors.js'
import { MetricBase } from './metric-base.js'
import type { CollectFunction, LabelValues, MetricConfiguration, MetricValue } from './metric-base.js'
import { SlidingWindowQuantiles } from './quantiles/sliding-window-quantiles.js'
import type { Series } from './series-table.js'
import { mergeLabels, secondsSince } from './timer.js'

/** Summary configuration (prom-client's). */
export interface SummaryConfiguration<T extends string> extends MetricConfiguration<T> {
  /** Quantiles to expose, each strictly between 0 and 1. */
  percentiles?: number[]
  /** Sliding window length; without it quantiles cover every observation since start (prom-client's default). */
  maxAgeSeconds?: number
  /** Staggered streams within the window; default 5 when `maxAgeSeconds` is set. */
  ageBuckets?: number
  /** Drop a series from exposition once its window holds no observation. */
  pruneAgedBuckets?: boolean
  /** Accepted for compatibility; the estimator compresses on its own schedule. */
  compressCount?: number
  collect?: CollectFunction<Summary<T>>
}

interface WindowOptions {
  maxAgeSeconds: number
  ageBuckets: number
}

const DEFAULT_PERCENTILES = [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]
// "No window" is one stream that never expires within any process lifetime (~31 years).
const ALL_TIME_SECONDS = 1e9
const NO_LABELS: LabelValues<string> = Object.freeze({})

/** One label set of a summary; returned by `summary.labels(...)`. */
export class SummaryChild implements Series {
  readonly window: SlidingWindowQuantiles
  sum = 0
  count = 0
  createdMs = Date.now()
  removed = false

  constructor(
    readonly labels: LabelRecord,
    private readonly owner: Summary<string>,
    windowOptions: WindowOptions,
  ) {
    this.window = new SlidingWindowQuantiles(windowOptions)
  }

  /** Records one observation; it must be a finite number. */
  observe(value: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.owner.badValue(value)
    const s = this.removed ? this.owner.table.revive(this) : this
    s.window.observe(value)
    s.sum += value
    s.count++
  }

  /** Starts a timer; `end()` observes the elapsed seconds (in the series of `endLabels`, if given). */
  startTimer(): (endLabels?: LabelValues<string>) => number {
    const start = performance.now()
    return (endLabels) => {
      const seconds = secondsSince(start)
      if (endLabels === undefined) this.observe(seconds)
      else this.owner.observe(mergeLabels(this.labels, endLabels), seconds)
      return seconds
    }
  }

  clear(): void {
    this.window.reset()
    this.sum = 0
    this.count = 0
    this.createdMs = Date.now()
  }
}

/** Streaming quantiles over a sliding window (prom-client's Summary). */
export class Summary<T extends string = string> extends MetricBase<T, SummaryChild> {
  readonly type = 'summary' as const
  /** The exposed quantiles. */
  readonly percentiles: readonly number[]
  /** True if series whose window is empty are dropped at scrape time. */
  readonly pruneAgedBuckets: boolean

  constructor(config: SummaryConfiguration<T>) {
    const checked = checkSummaryConfig(config)
    // The factory closes over the checked options: super() builds the unlabelled child before fields are set.
    super(
      config,
      'summary',
      'quantile',
      (labels, self: Summary<string>) => new SummaryChild(labels, self, checked.windowOptions),
    )
    this.percentiles = checked.percentiles
    this.pruneAgedBuckets = config.pruneAgedBuckets === true
  }

  /** Records `value` in the unlabelled series. */
  observe(value: number): void
  /** Records `value` in the series of `labels`. */
  observe(labels: LabelValues<T>, value: number): void
  observe(a: LabelValues<T> | number, b?: number): void {
    if (typeof a === 'object' && a !== null) this.table.byRecord(a).observe(b as number)
    else (this.table.unlabelled ?? this.table.byRecord(NO_LABELS)).observe(a)
  }

  /** Starts a timer; `end(endLabels?)` observes the elapsed seconds and returns them. */
  startTimer(labels?: LabelValues<T>): (endLabels?: LabelValues<T>) => number {
    if (labels !== undefined) this.table.checkNames(labels)
    const start = performance.now()
    return (endLabels) => {
      const seconds = secondsSince(start)
      this.table.byRecord(mergeLabels(labels, endLabels)).observe(seconds)
      return seconds
    }
  }

  /** Throws the error for a rejected observation; kept out of line so `observe` stays small. */
  badValue(value: unknown): never {
    const why = typeof value !== 'number' ? 'not a number' : 'not finite'
    throw new InvalidValueError(`cannot observe ${String(value)} in summary ${this.name} (${why})`)
  }

  override snapshot(): ReturnType<MetricBase<T, SummaryChild>['snapshot']> {
    this.prune()
    return super.snapshot()
  }

  override get(): ReturnType<MetricBase<T, SummaryChild>['get']> {
    this.prune()
    return super.get()
  }

  protected sample(s: SummaryChild): SeriesSample {
    const quantiles: Quantile[] = this.percentiles.map((q) => ({ quantile: q, value: s.window.quantile(q) }))
    return { labels: s.labels, summary: { count: s.count, sum: s.sum, quantiles, createdMs: s.createdMs } }
  }

  protected jsonValues(s: SummaryChild, out: MetricValue[]): void {
    for (const q of this.percentiles) {
      const v = s.window.quantile(q)
      // prom-client reports 0 for an empty window; NaN is what Prometheus expects and what we expose.
      out.push({ labels: { quantile: q, ...s.labels }, value: v })
    }
    out.push({ metricName: `${this.name}_sum`, labels: { ...s.labels }, value: s.sum })
    out.push({ metricName: `${this.name}_count`, labels: { ...s.labels }, value: s.count })
  }

  private prune(): void {
    if (!this.pruneAgedBuckets) return
    for (const s of [...this.table.all()]) {
      if (s.window.count() === 0) this.table.remove([s.labels])
    }
  }
}

function checkSummaryConfig<T extends string>(
  config: SummaryConfiguration<T>,
): {
  percentiles: readonly number[]
  windowOptions: WindowOptions
} {
  const name = typeof config?.name === 'string' ? config.name : '(unnamed)'
  const percentiles = config?.percentiles ?? DEFAULT_PERCENTILES
  if (!Array.isArray(percentiles)) {
    throw new MetricConfigError(`cannot create summary ${name} (percentiles must be an array)`)
  }
  for (const p of percentiles as unknown[]) {
    if (typeof p !== 'number' || !(p > 0 && p < 1)) {
      throw new MetricConfigError(`cannot create summary ${name} (percentile ${String(p)} is outside (0, 1))`)
    }
  }
  const { maxAgeSeconds, ageBuckets, compressCount } = config ?? {}
  if (maxAgeSeconds !== undefined && !(maxAgeSeconds > 0 && Number.isFinite(maxAgeSeconds))) {
    throw new MetricConfigError(`cannot create summary ${name} (maxAgeSeconds ${maxAgeSeconds} must be > 0)`)
  }
  if (ageBuckets !== undefined && !(Number.isInteger(ageBuckets) && ageBuckets > 0)) {
    throw new MetricConfigError(
      `cannot create summary ${name} (ageBuckets ${ageBuckets} must be a positive integer)`,
    )
  }
  if (compressCount !== undefined && !(Number.isInteger(compressCount) && compressCount > 0)) {
    throw new MetricConfigError(
      `cannot create summary ${name} (compressCount ${compressCount} must be a positive integer)`,
    )
  }
  const windowOptions =
    maxAgeSeconds === undefined
      ? { maxAgeSeconds: ALL_TIME_SECONDS, ageBuckets: 1 }
      : { maxAgeSeconds, ageBuckets: ageBuckets ?? 5 }
  return { percentiles: Object.freeze([...percentiles]), windowOptions }
}
