import type { Bucket, LabelRecord, Metric, MetricType, Quantile } from '../metric-family.js'
import { parseBoundLabel } from './openmetrics-sample-rules.js'

/** One sample handed to a {@link MetricRun}; labels exclude `le`/`quantile`, which come separately. */
export interface RunSample {
  suffix: string
  value: number
  bound: string | undefined
  exemplar: Metric['exemplar']
}

/**
 * The samples of one composite metric (counter, histogram, gauge histogram, summary): one label group
 * at one timestamp, as OpenMetrics lays them out contiguously. Collects the parts, checks the rules
 * that span them, and builds the model Metric.
 */
export class MetricRun {
  private readonly buckets: Bucket[] = []
  private readonly quantiles: Quantile[] = []
  private total: number | undefined
  private exemplar: Metric['exemplar']
  private count: number | undefined
  private sum: number | undefined
  private createdMs: number | undefined
  private negativeBucket = false

  constructor(
    private readonly type: MetricType,
    private readonly labels: LabelRecord,
    private readonly timestampMs: number | undefined,
  ) {}

  /** Adds a sample; returns a problem description when it breaks an ordering rule. */
  add(s: RunSample): string | undefined {
    switch (s.suffix) {
      case '_total':
        if (this.total === undefined) {
          this.total = s.value
          this.exemplar = s.exemplar
        }
        return undefined
      case '_created':
        this.createdMs ??= Math.round(s.value * 1000)
        return undefined
      case '_count':
      case '_gcount':
        this.count ??= s.value
        return undefined
      case '_sum':
      case '_gsum':
        this.sum ??= s.value
        return undefined
      case '_bucket':
        return this.addBucket(s)
      default:
        return this.addQuantile(s)
    }
  }

  private addBucket(s: RunSample): string | undefined {
    const le = parseBoundLabel(s.bound ?? '') as number
    const last = this.buckets[this.buckets.length - 1]
    if (last !== undefined) {
      // An exact repeat is the same series again at the same timestamp: keep the first.
      if (le === last.upperBound) return undefined
      if (le <= last.upperBound) return `bucket le="${s.bound}" is out of order (buckets must ascend by le)`
      if (s.value < last.cumulativeCount)
        return `bucket le="${s.bound}" count ${s.value} is below the previous bucket's ${last.cumulativeCount}`
    }
    if (le < 0) this.negativeBucket = true
    const bucket: Bucket = { upperBound: le, cumulativeCount: s.value }
    if (s.exemplar !== undefined) bucket.exemplar = s.exemplar
    this.buckets.push(bucket)
    return undefined
  }

  private addQuantile(s: RunSample): string | undefined {
    const quantile = parseBoundLabel(s.bound ?? '') as number
    if (!this.quantiles.some((q) => q.quantile === quantile))
      this.quantiles.push({ quantile, value: s.value })
    return undefined
  }

  /** Checks the rules over the whole run; returns a problem description or `undefined`. */
  problem(): string | undefined {
    if (this.type === 'counter')
      return this.total === undefined ? 'counter has _created but no _total sample' : undefined
    if (this.type !== 'histogram' && this.type !== 'gaugehistogram') return undefined
    const gauge = this.type === 'gaugehistogram'
    const [countName, sumName] = gauge ? ['_gcount', '_gsum'] : ['_count', '_sum']
    const last = this.buckets[this.buckets.length - 1]
    if (last === undefined || last.upperBound !== Infinity) return 'histogram has no le="+Inf" bucket'
    if (this.count !== undefined && this.count !== last.cumulativeCount) {
      return `${countName} ${this.count} differs from the +Inf bucket's ${last.cumulativeCount}`
    }
    if ((this.sum === undefined) !== (this.count === undefined))
      return `${countName} and ${sumName} must appear together`
    if (!gauge && this.negativeBucket && this.sum !== undefined)
      return 'histogram with negative buckets cannot have _sum'
    if (gauge && !this.negativeBucket && this.sum !== undefined && this.sum < 0)
      return 'negative _gsum needs a negative bucket'
    return undefined
  }

  /** The model metric; absent sums and counts follow Go's client model (0, or the +Inf bucket count). */
  toMetric(): Metric {
    const m: Metric = { labels: this.labels }
    if (this.timestampMs !== undefined) m.timestampMs = this.timestampMs
    if (this.type === 'counter') {
      m.value = this.total as number
      if (this.createdMs !== undefined) m.createdMs = this.createdMs
      if (this.exemplar !== undefined) m.exemplar = this.exemplar
    } else if (this.type === 'summary') {
      m.summary = { count: this.count ?? 0, sum: this.sum ?? 0, quantiles: this.quantiles }
      if (this.createdMs !== undefined) m.summary.createdMs = this.createdMs
    } else {
      const inf = this.buckets[this.buckets.length - 1]?.cumulativeCount ?? 0
      m.histogram = { count: this.count ?? inf, sum: this.sum ?? 0, buckets: this.buckets }
      if (this.createdMs !== undefined) m.histogram.createdMs = this.createdMs
    }
    return m
  }
}
