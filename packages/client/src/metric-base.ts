import { InvalidNameError } from '@watchfire/model'
import type { LabelRecord, Metric as SeriesSample, MetricFamily } from '@watchfire/model'
import { MetricConfigError } from './errors.js'
import { register } from './registry.js'
import type { Registry, RegistryContentType } from './registry.js'
import { SeriesTable } from './series-table.js'
import type { Series } from './series-table.js'
import { validateLabelName, validateMetricName } from './validation.js'

/** How the cluster aggregator combines one metric across workers (prom-client's `aggregator`). */
export type Aggregator = 'omit' | 'sum' | 'first' | 'min' | 'max' | 'average'

const AGGREGATORS: readonly string[] = ['omit', 'sum', 'first', 'min', 'max', 'average']

/** Label values by name; numbers are converted to strings. Only declared names compile. */
export type LabelValues<T extends string> = Partial<Record<T, string | number>>

/** A callback run before each scrape of the metric, e.g. to set a gauge from a system reading. */
export type CollectFunction<M> = (this: M) => void | Promise<void>

/** Configuration shared by every metric type (prom-client's, plus `unit`). */
export interface MetricConfiguration<T extends string> {
  name: string
  help: string
  labelNames?: readonly T[]
  /** Registries to register with; defaults to the global `register`; `[]` registers nowhere. */
  registers?: Registry<RegistryContentType>[]
  aggregator?: Aggregator
  enableExemplars?: boolean
  /** OpenMetrics unit, e.g. `seconds`; the name must end with `_<unit>` (before `_total` for counters). */
  unit?: string
}

/** One value in prom-client's `get()` output. */
export interface MetricValue {
  value: number
  labels: Record<string, string | number>
  metricName?: string
  exemplar?: unknown
}

/** prom-client's `get()` result: the metric with its values. */
export interface MetricObjectWithValues<V> {
  name: string
  help: string
  type: string
  values: V[]
  aggregator: Aggregator
}

/** Told of every `remove()` (with the removed label set) and `reset()` (with `undefined`) on any metric. */
export type RemovalListener = (metric: MetricBase<string, Series>, labels: LabelRecord | undefined) => void

const removalListeners = new Set<RemovalListener>()

/** Subscribes to removals on every metric (the multi-process mode shares them); returns the unsubscriber. */
export function onMetricRemoval(listener: RemovalListener): () => void {
  removalListeners.add(listener)
  return () => removalListeners.delete(listener)
}

/**
 * What every metric type shares: configuration checks, label-set lookup, registration, `get()` and the
 * snapshot the registry turns into exposition. Subclasses add the operations of their type.
 */
export abstract class MetricBase<T extends string, S extends Series> {
  /** The metric name (for counters, as given: with or without `_total`). */
  readonly name: string
  /** The HELP text. */
  readonly help: string
  /** Declared label names, in declaration order. */
  readonly labelNames: readonly T[]
  /** How the cluster aggregator combines workers. */
  readonly aggregator: Aggregator
  /** True if observations may carry exemplars (exposed in OpenMetrics). */
  readonly enableExemplars: boolean
  /** OpenMetrics unit, `''` when none. */
  readonly unit: string
  /** The exposition type. */
  abstract readonly type: 'counter' | 'gauge' | 'histogram' | 'summary'
  /** The metric's series; internal to the client (children use it to re-register themselves). */
  readonly table: SeriesTable<S>
  /** Optional scrape-time callback from the configuration. */
  readonly collect: ((this: never) => void | Promise<void>) | undefined

  protected constructor(
    config: MetricConfiguration<T> & { collect?: unknown },
    kind: string,
    reservedLabel: string | undefined,
    create: (labels: LabelRecord, metric: never) => S,
  ) {
    if (typeof config !== 'object' || config === null) {
      throw new MetricConfigError(`cannot create ${kind} (expected a configuration object)`)
    }
    const { name, help } = config
    if (typeof name !== 'string' || name === '') {
      throw new MetricConfigError(`cannot create ${kind} (missing mandatory name)`)
    }
    if (!validateMetricName(name)) {
      throw new InvalidNameError(`cannot create ${kind} ${JSON.stringify(name)} (invalid metric name)`)
    }
    if (typeof help !== 'string' || help === '') {
      throw new MetricConfigError(`cannot create ${kind} ${name} (missing mandatory help)`)
    }
    this.name = name
    this.help = help
    this.labelNames = checkLabelNames(config.labelNames, kind, name, reservedLabel)
    this.aggregator = config.aggregator ?? 'sum'
    if (!AGGREGATORS.includes(this.aggregator)) {
      throw new MetricConfigError(
        `cannot create ${kind} ${name} (unknown aggregator ${String(this.aggregator)})`,
      )
    }
    if (config.collect !== undefined && typeof config.collect !== 'function') {
      throw new MetricConfigError(`cannot create ${kind} ${name} (collect must be a function)`)
    }
    this.collect = config.collect as MetricBase<T, S>['collect']
    this.enableExemplars = config.enableExemplars === true
    this.unit = checkUnit(config.unit, kind, name)
    this.table = new SeriesTable<S>(name, this.labelNames, (labels) => create(labels, this as never))
    const registers = config.registers ?? [register]
    if (!Array.isArray(registers)) {
      throw new MetricConfigError(`cannot create ${kind} ${name} (registers must be an array of registries)`)
    }
    for (const r of registers) r.registerMetric(this)
  }

  /** The child for one label set, by record or by values in declared order; cache it on hot paths. */
  labels(labels: LabelValues<T>): S
  labels(...values: Array<string | number>): S
  labels(...args: unknown[]): S {
    const first = args[0]
    return args.length === 1 && typeof first === 'object' && first !== null
      ? this.table.byRecord(first)
      : this.table.byValues(args)
  }

  /** Drops the series for a label set; a held child handle re-creates it when used again. */
  remove(labels: LabelValues<T>): void
  remove(...values: Array<string | number>): void
  remove(...args: unknown[]): void {
    this.table.remove(args)
    if (removalListeners.size > 0) {
      const labels = this.table.labelsOf(args)
      if (labels !== undefined) for (const l of removalListeners) l(this as never, labels)
    }
  }

  /** Drops all labelled series and zeroes the unlabelled one; created timestamps restart. */
  reset(): void {
    this.table.reset()
    for (const l of removalListeners) l(this as never, undefined)
  }

  /** Creates the series for `labels` at zero (or zeroes it), so it is exposed before its first event. */
  zero(labels: LabelValues<T>): void {
    this.table.byRecord(labels).clear()
  }

  /** Runs the configured collect callback, if any. */
  async runCollect(): Promise<void> {
    if (this.collect !== undefined) await (this.collect as (this: unknown) => unknown).call(this)
  }

  /** The current state as an exposition family; does not run the collect callback. */
  snapshot(): MetricFamily {
    const metrics: SeriesSample[] = []
    for (const s of this.table.all()) metrics.push(this.sample(s))
    return { name: this.name, help: this.help, type: this.type, unit: this.unit, metrics }
  }

  /** prom-client's JSON view of the metric, after running the collect callback. */
  async get(): Promise<MetricObjectWithValues<MetricValue>> {
    await this.runCollect()
    const values: MetricValue[] = []
    for (const s of this.table.all()) this.jsonValues(s, values)
    const { name, help, type, aggregator } = this
    // Key order as prom-client's, so serialized JSON compares equal too.
    return type === 'counter' || type === 'gauge'
      ? { help, name, type, values, aggregator }
      : { name, help, type, values, aggregator }
  }

  /** One series as an exposition sample. */
  protected abstract sample(s: S): SeriesSample

  /** Appends one series' values in prom-client's JSON shape. */
  protected abstract jsonValues(s: S, out: MetricValue[]): void
}

function checkLabelNames<T extends string>(
  names: readonly T[] | undefined,
  kind: string,
  metric: string,
  reserved: string | undefined,
): readonly T[] {
  if (names === undefined) return Object.freeze([])
  if (!Array.isArray(names))
    throw new MetricConfigError(`cannot create ${kind} ${metric} (labelNames must be an array)`)
  for (const n of names as readonly unknown[]) {
    if (typeof n !== 'string' || !validateLabelName([n])) {
      throw new InvalidNameError(`cannot create ${kind} ${metric} (invalid label name ${JSON.stringify(n)})`)
    }
    if (n.startsWith('__')) {
      throw new InvalidNameError(`cannot create ${kind} ${metric} (label name ${n} is reserved: __ prefix)`)
    }
    if (n === reserved) {
      throw new MetricConfigError(
        `cannot create ${kind} ${metric} (label name ${n} is reserved by the ${kind} type)`,
      )
    }
  }
  if (new Set(names).size !== names.length) {
    throw new MetricConfigError(
      `cannot create ${kind} ${metric} (duplicate label names in ${names.join(', ')})`,
    )
  }
  return Object.freeze([...names])
}

function checkUnit(unit: string | undefined, kind: string, metric: string): string {
  if (unit === undefined || unit === '') return ''
  if (typeof unit !== 'string' || !/^[a-zA-Z0-9_]+$/.test(unit)) {
    throw new MetricConfigError(`cannot create ${kind} ${metric} (invalid unit ${JSON.stringify(unit)})`)
  }
  const base = kind === 'counter' ? metric.replace(/_total$/, '') : metric
  if (!base.endsWith(`_${unit}`)) {
    throw new MetricConfigError(
      `cannot create ${kind} ${metric} (name must end with _${unit} to carry unit ${unit})`,
    )
  }
  return unit
}
