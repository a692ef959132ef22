import type { Bucket, Exemplar, LabelRecord, Metric as SeriesSample } from '@watchfire/model'
import { InvalidValueError, MetricConfigError } from './errors.js'
import { exemplarToJSON, isExemplarForm, makeExemplar } from './exemplar.js'
import { MetricBase } from './metric-base.js'
import type { CollectFunction, LabelValues, MetricConfiguration, MetricValue } from './metric-base.js'
import { NativeHistogramBuckets } from './native/native-histogram-buckets.js'
import type { Series } from './series-table.js'
import { mergeLabels, secondsSince } from './timer.js'

/** Native (sparse, exponential) bucket options; see `NativeHistogramBuckets`. */
export interface NativeHistogramOptions {
  schema?: number
  zeroThreshold?: number
  maxBuckets?: number
}

/** Histogram configuration (prom-client's, plus `nativeHistogram`). */
export interface HistogramConfiguration<T extends string> extends MetricConfiguration<T> {
  /** Classic bucket upper bounds, strictly increasing; `+Inf` is implied. `[]` with `nativeHistogram` means native only. */
  buckets?: number[]
  /** Also keep native buckets, exposed through the protobuf format. */
  nativeHistogram?: NativeHistogramOptions
  collect?: CollectFunction<Histogram<T>>
}

/** The object form of `observe` used with `enableExemplars`. */
export interface ObserveDataWithExemplar<T extends string> {
  value: number
  labels?: LabelValues<T>
  exemplarLabels?: Record<string, string | number>
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const NO_LABELS: LabelValues<string> = Object.freeze({})

/** One label set of a histogram; returned by `histogram.labels(...)`. */
export class HistogramChild implements Series {
  /** Per-bucket (not cumulative) counts; the last slot is the `+Inf` bucket. */
  readonly counts: Float64Array
  exemplars: Array<Exemplar | undefined> | undefined = undefined
  sum = 0
  count = 0
  createdMs = Date.now()
  removed = false
  readonly native: NativeHistogramBuckets | undefined

  constructor(
    readonly labels: LabelRecord,
    private readonly owner: Histogram<string>,
    private readonly bounds: Float64Array,
    nativeOptions: NativeHistogramOptions | undefined,
  ) {
    this.counts = new Float64Array(bounds.length + 1)
    this.native = nativeOptions === undefined ? undefined : new NativeHistogramBuckets(nativeOptions)
  }

  /** Records one observation; it must be a finite number. */
  observe(value: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.owner.badValue(value)
    const s = this.removed ? this.owner.table.revive(this) : this
    const i = bucketIndex(this.bounds, value)
    s.counts[i] = (s.counts[i] as number) + 1
    s.sum += value
    s.count++
    s.native?.observe(value)
  }

  /** Records one observation and makes it the exemplar of its bucket. */
  observeWithExemplar(value: number, exemplarLabels: object): void {
    this.observe(value)
    const s = this.removed ? this.owner.table.revive(this) : this
    const exemplar = makeExemplar(this.owner.name, exemplarLabels, value)
    const exemplars = (s.exemplars ??= new Array<Exemplar | undefined>(s.counts.length).fill(undefined))
    exemplars[bucketIndex(this.bounds, value)] = exemplar
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
    this.counts.fill(0)
    this.exemplars = undefined
    this.sum = 0
    this.count = 0
    this.createdMs = Date.now()
    this.native?.reset()
  }
}

/** Counts observations in buckets (prom-client's Histogram), optionally with native buckets too. */
export class Histogram<T extends string = string> extends MetricBase<T, HistogramChild> {
  readonly type = 'histogram' as const
  /** Classic upper bounds, without the implied `+Inf`. */
  readonly upperBounds: Float64Array
  /** True when `buckets: []` and native buckets are on: no classic buckets are exposed. */
  private readonly nativeOnly: boolean

  constructor(config: HistogramConfiguration<T>) {
    const bounds = checkBuckets(config)
    const nativeOptions = config?.nativeHistogram
    if (nativeOptions !== undefined) new NativeHistogramBuckets(nativeOptions) // fail at construction, not on first observe
    // The factory closes over the checked options: super() builds the unlabelled child before fields are set.
    super(
      config,
      'histogram',
      'le',
      (labels, self: Histogram<string>) => new HistogramChild(labels, self, bounds, nativeOptions),
    )
    this.upperBounds = bounds
    this.nativeOnly = nativeOptions !== undefined && bounds.length === 0
  }

  /** Records `value` in the unlabelled series. */
  observe(value: number): void
  /** Records `value` in the series of `labels`. */
  observe(labels: LabelValues<T>, value: number): void
  /** With `enableExemplars`: records `value` and an exemplar for its bucket. */
  observe(data: ObserveDataWithExemplar<T>): void
  observe(a: LabelValues<T> | ObserveDataWithExemplar<T> | number, b?: number): void {
    if (typeof a === 'object' && a !== null) {
      if (this.enableExemplars && b === undefined && isExemplarForm(a)) {
        const data = a as ObserveDataWithExemplar<T>
        const child = this.table.byRecord(data.labels ?? NO_LABELS)
        if (data.exemplarLabels === undefined) child.observe(data.value)
        else child.observeWithExemplar(data.value, data.exemplarLabels)
        return
      }
      this.table.byRecord(a).observe(b as number)
      return
    }
    ;(this.table.unlabelled ?? this.table.byRecord(NO_LABELS)).observe(a)
  }

  /** Starts a timer; `end(endLabels?, endExemplarLabels?)` observes the elapsed seconds and returns them. */
  startTimer(
    labels?: LabelValues<T>,
    exemplarLabels?: Record<string, string | number>,
  ): (endLabels?: LabelValues<T>, endExemplarLabels?: Record<string, string | number>) => number {
    if (labels !== undefined) this.table.checkNames(labels)
    const start = performance.now()
    return (endLabels, endExemplarLabels) => {
      const seconds = secondsSince(start)
      const child = this.table.byRecord(mergeLabels(labels, endLabels))
      const ex = this.enableExemplars ? mergeLabels(exemplarLabels, endExemplarLabels) : undefined
      if (ex !== undefined && Object.keys(ex).length > 0) child.observeWithExemplar(seconds, ex)
      else child.observe(seconds)
      return seconds
    }
  }

  /** Throws the error for a rejected observation; kept out of line so `observe` stays small. */
  badValue(value: unknown): never {
    const why = typeof value !== 'number' ? 'not a number' : 'not finite'
    throw new InvalidValueError(`cannot observe ${String(value)} in histogram ${this.name} (${why})`)
  }

  protected sample(s: HistogramChild): SeriesSample {
    const buckets: Bucket[] = []
    if (!this.nativeOnly) {
      const bounds = this.upperBounds
      let cumulative = 0
      for (let i = 0; i <= bounds.length; i++) {
        cumulative += s.counts[i] as number
        const b: Bucket = {
          upperBound: i < bounds.length ? (bounds[i] as number) : Infinity,
          cumulativeCount: cumulative,
        }
        const ex = s.exemplars?.[i]
        if (ex !== undefined) b.exemplar = ex
        buckets.push(b)
      }
    }
    const histogram = { count: s.count, sum: s.sum, buckets, createdMs: s.createdMs }
    return {
      labels: s.labels,
      histogram:
        s.native === undefined ? histogram : { ...histogram, native: s.native.snapshot(s.count, s.sum) },
    }
  }

  protected jsonValues(s: HistogramChild, out: MetricValue[]): void {
    const bucketName = `${this.name}_bucket`
    const bounds = this.upperBounds
    let cumulative = 0
    for (let i = 0; i <= bounds.length; i++) {
      cumulative += s.counts[i] as number
      const ex = s.exemplars?.[i]
      out.push({
        value: cumulative,
        metricName: bucketName,
        exemplar: ex === undefined ? null : exemplarToJSON(ex),
        labels: { le: i < bounds.length ? (bounds[i] as number) : '+Inf', ...s.labels },
      })
    }
    out.push({ value: s.sum, metricName: `${this.name}_sum`, exemplar: undefined, labels: { ...s.labels } })
    out.push({
      value: s.count,
      metricName: `${this.name}_count`,
      exemplar: undefined,
      labels: { ...s.labels },
    })
  }
}

// A linear scan beats binary search for the usual dozen buckets.
function bucketIndex(bounds: Float64Array, v: number): number {
  const n = bounds.length
  if (n > 24) {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((bounds[mid] as number) < v) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  let i = 0
  while (i < n && v > (bounds[i] as number)) i++
  return i
}

function checkBuckets<T extends string>(config: HistogramConfiguration<T> | undefined): Float64Array {
  const name = typeof config?.name === 'string' ? config.name : '(unnamed)'
  const buckets = config?.buckets ?? DEFAULT_BUCKETS
  if (!Array.isArray(buckets))
    throw new MetricConfigError(`cannot create histogram ${name} (buckets must be an array)`)
  for (let i = 0; i < buckets.length; i++) {
    const b: unknown = buckets[i]
    if (typeof b !== 'number' || Number.isNaN(b)) {
      throw new MetricConfigError(`cannot create histogram ${name} (bucket ${String(b)} is not a number)`)
    }
    if (i > 0 && !(b > (buckets[i - 1] as number))) {
      throw new MetricConfigError(
        `cannot create histogram ${name} (buckets must be strictly increasing: ${String(buckets[i - 1])} then ${b})`,
      )
    }
  }
  // +Inf is implied; an explicit one would duplicate the last bucket.
  const finite =
    buckets.length > 0 && buckets[buckets.length - 1] === Infinity ? buckets.slice(0, -1) : buckets
  return Float64Array.from(finite)
}
