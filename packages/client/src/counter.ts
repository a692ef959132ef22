import type { Exemplar, LabelRecord, Metric as SeriesSample } from '@watchfire/model'
import { InvalidValueError } from './errors.js'
import { exemplarToJSON, isExemplarForm, makeExemplar } from './exemplar.js'
import { MetricBase } from './metric-base.js'
import type { CollectFunction, LabelValues, MetricConfiguration, MetricValue } from './metric-base.js'
import type { Series } from './series-table.js'

/** Counter configuration (prom-client's). */
export interface CounterConfiguration<T extends string> extends MetricConfiguration<T> {
  collect?: CollectFunction<Counter<T>>
}

/** The object form of `inc` used with `enableExemplars`. */
export interface IncreaseDataWithExemplar<T extends string> {
  value?: number
  labels?: LabelValues<T>
  exemplarLabels?: Record<string, string | number>
}

const NO_LABELS: LabelValues<string> = Object.freeze({})

/** One label set of a counter; returned by `counter.labels(...)`, keep it to skip the lookup. */
export class CounterChild implements Series {
  value = 0
  createdMs = Date.now()
  exemplar: Exemplar | undefined = undefined
  removed = false

  constructor(
    readonly labels: LabelRecord,
    private readonly owner: Counter<string>,
  ) {}

  /** Adds `value` (default 1); negative, NaN and infinite increments throw. */
  inc(value?: number): void {
    if (value === undefined || value === null) value = 1
    else if (typeof value !== 'number' || !(value >= 0) || value === Infinity) this.owner.badIncrement(value)
    if (this.removed) this.owner.table.revive(this).value += value
    else this.value += value
  }

  /** Adds `value` and records it as the counter's exemplar. */
  incWithExemplar(value: number | undefined, exemplarLabels: object): void {
    this.inc(value)
    const target = this.removed ? this.owner.table.revive(this) : this
    target.exemplar = makeExemplar(this.owner.name, exemplarLabels, value ?? 1)
  }

  clear(): void {
    this.value = 0
    this.exemplar = undefined
    this.createdMs = Date.now()
  }
}

/** A cumulative value that only goes up (prom-client's Counter). */
export class Counter<T extends string = string> extends MetricBase<T, CounterChild> {
  readonly type = 'counter' as const

  constructor(config: CounterConfiguration<T>) {
    super(config, 'counter', undefined, (labels, self: Counter<string>) => new CounterChild(labels, self))
  }

  /** Adds `value` (default 1) to the series of `labels`. */
  inc(labels: LabelValues<T>, value?: number): void
  /** Adds `value` (default 1) to the unlabelled series. */
  inc(value?: number): void
  /** With `enableExemplars`: adds `value` and records an exemplar. */
  inc(data: IncreaseDataWithExemplar<T>): void
  inc(a?: LabelValues<T> | IncreaseDataWithExemplar<T> | number, b?: number): void {
    // The bare `inc()` is the hottest call in most apps: no argument checks, no child call.
    if (a === undefined) {
      const unlabelled = this.table.unlabelled
      if (unlabelled !== undefined && !unlabelled.removed) {
        unlabelled.value += 1
        return
      }
    }
    if (typeof a === 'object' && a !== null) {
      if (this.enableExemplars && b === undefined && isExemplarForm(a)) {
        const data = a as IncreaseDataWithExemplar<T>
        const child = this.table.byRecord(data.labels ?? NO_LABELS)
        if (data.exemplarLabels === undefined) child.inc(data.value)
        else child.incWithExemplar(data.value, data.exemplarLabels)
        return
      }
      this.table.byRecord(a).inc(b)
      return
    }
    const child = this.table.unlabelled
    if (child !== undefined) child.inc(a)
    else this.table.byRecord(NO_LABELS).inc(a)
  }

  /** Throws the error for a rejected increment; kept out of line so `inc` stays small. */
  badIncrement(value: unknown): never {
    const why = typeof value !== 'number' ? 'not a number' : value < 0 ? 'counters only go up' : 'not finite'
    throw new InvalidValueError(`cannot increment counter ${this.name} by ${String(value)} (${why})`)
  }

  protected sample(s: CounterChild): SeriesSample {
    const m: SeriesSample = { labels: s.labels, value: s.value, createdMs: s.createdMs }
    if (s.exemplar !== undefined) m.exemplar = s.exemplar
    return m
  }

  protected jsonValues(s: CounterChild, out: MetricValue[]): void {
    const v: MetricValue = { value: s.value, labels: { ...s.labels } }
    if (s.exemplar !== undefined) v.exemplar = exemplarToJSON(s.exemplar)
    out.push(v)
  }
}
