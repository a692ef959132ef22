import type { LabelRecord, Metric as SeriesSample } from '@watchfire/model'
import { InvalidValueError, MetricConfigError } from './errors.js'
import { MetricBase } from './metric-base.js'
import type { CollectFunction, LabelValues, MetricConfiguration, MetricValue } from './metric-base.js'
import type { Series } from './series-table.js'
import { mergeLabels, secondsSince } from './timer.js'

/** Gauge configuration (prom-client's). */
export interface GaugeConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Gauge<T>>
  /** How the multi-process mode combines workers' values; by default derived from `aggregator`. */
  multiprocessMode?: GaugeMultiprocessMode
}

/** How the multi-process mode combines a gauge across workers (the Python client's modes). */
export type GaugeMultiprocessMode =
  'all' | 'liveall' | 'livesum' | 'min' | 'max' | 'sum' | 'mostrecent' | 'livemostrecent'

const MULTIPROCESS_MODES: readonly string[] = [
  'all',
  'liveall',
  'livesum',
  'min',
  'max',
  'sum',
  'mostrecent',
  'livemostrecent',
]

const NO_LABELS: LabelValues<string> = Object.freeze({})

/** One label set of a gauge; returned by `gauge.labels(...)`. */
export class GaugeChild implements Series {
  value = 0
  removed = false

  constructor(
    readonly labels: LabelRecord,
    private readonly owner: Gauge<string>,
  ) {}

  /** Sets the value; any number is allowed, including NaN and ±Inf. */
  set(value: number): void {
    if (typeof value !== 'number') this.owner.badValue('set', value)
    this.live().value = value
  }

  /** Adds `value` (default 1); the delta must be finite. */
  inc(value?: number): void {
    if (value === undefined) value = 1
    else if (typeof value !== 'number' || !Number.isFinite(value)) this.owner.badValue('increment', value)
    this.live().value += value
  }

  /** Subtracts `value` (default 1); the delta must be finite. */
  dec(value?: number): void {
    if (value === undefined) value = 1
    else if (typeof value !== 'number' || !Number.isFinite(value)) this.owner.badValue('decrement', value)
    this.live().value -= value
  }

  /** Sets the value to the current time in seconds since the epoch. */
  setToCurrentTime(): void {
    this.live().value = Date.now() / 1000
  }

  /** Starts a timer; `end()` sets the gauge to the elapsed seconds (in the series of `endLabels`, if given). */
  startTimer(): (endLabels?: LabelValues<string>) => number {
    const start = performance.now()
    return (endLabels) => {
      const seconds = secondsSince(start)
      if (endLabels === undefined) this.set(seconds)
      else this.owner.set(mergeLabels(this.labels, endLabels), seconds)
      return seconds
    }
  }

  clear(): void {
    this.value = 0
  }

  private live(): GaugeChild {
    return this.removed ? this.owner.table.revive(this) : this
  }
}

/** A value that can go up and down (prom-client's Gauge). */
export class Gauge<T extends string = string> extends MetricBase<T, GaugeChild> {
  readonly type = 'gauge' as const
  /** The configured multi-process mode, if any. */
  readonly multiprocessMode: GaugeMultiprocessMode | undefined

  constructor(config: GaugeConfiguration<T>) {
    super(config, 'gauge', undefined, (labels, self: Gauge<string>) => new GaugeChild(labels, self))
    const mode = config.multiprocessMode
    if (mode !== undefined && !MULTIPROCESS_MODES.includes(mode)) {
      throw new MetricConfigError(
        `cannot create gauge ${this.name} (unknown multiprocessMode ${String(mode)}; use one of ${MULTIPROCESS_MODES.join(', ')})`,
      )
    }
    this.multiprocessMode = mode
  }

  /** Sets the series of `labels` to `value`. */
  set(labels: LabelValues<T>, value: number): void
  /** Sets the unlabelled series to `value`. */
  set(value: number): void
  set(a: LabelValues<T> | number, b?: number): void {
    if (typeof a === 'object' && a !== null) this.table.byRecord(a).set(b as number)
    else this.series().set(a)
  }

  /** Adds `value` (default 1) to the series of `labels`. */
  inc(labels: LabelValues<T>, value?: number): void
  /** Adds `value` (default 1) to the unlabelled series. */
  inc(value?: number): void
  inc(a?: LabelValues<T> | number, b?: number): void {
    if (typeof a === 'object' && a !== null) this.table.byRecord(a).inc(b)
    else this.series().inc(a)
  }

  /** Subtracts `value` (default 1) from the series of `labels`. */
  dec(labels: LabelValues<T>, value?: number): void
  /** Subtracts `value` (default 1) from the unlabelled series. */
  dec(value?: number): void
  dec(a?: LabelValues<T> | number, b?: number): void {
    if (typeof a === 'object' && a !== null) this.table.byRecord(a).dec(b)
    else this.series().dec(a)
  }

  /** Sets the series to the current time in seconds since the epoch. */
  setToCurrentTime(labels?: LabelValues<T>): void {
    this.series(labels).setToCurrentTime()
  }

  /** Starts a timer; `end(endLabels?)` sets the gauge to the elapsed seconds and returns them. */
  startTimer(labels?: LabelValues<T>): (endLabels?: LabelValues<T>) => number {
    if (labels !== undefined) this.table.checkNames(labels)
    const start = performance.now()
    return (endLabels) => {
      const seconds = secondsSince(start)
      this.series(mergeLabels(labels, endLabels)).set(seconds)
      return seconds
    }
  }

  /** Throws the error for a rejected value; kept out of line so the operations stay small. */
  badValue(op: string, value: unknown): never {
    const why = typeof value !== 'number' ? 'not a number' : 'not finite'
    throw new InvalidValueError(`cannot ${op} gauge ${this.name} (value ${String(value)} is ${why})`)
  }

  protected sample(s: GaugeChild): SeriesSample {
    return { labels: s.labels, value: s.value }
  }

  protected jsonValues(s: GaugeChild, out: MetricValue[]): void {
    out.push({ value: s.value, labels: { ...s.labels } })
  }

  private series(labels?: object): GaugeChild {
    if (labels !== undefined) return this.table.byRecord(labels)
    return this.table.unlabelled ?? this.table.byRecord(NO_LABELS)
  }
}
