import { contentTypeFor, formatOpenMetrics, formatText, negotiateFormat, serialize } from '@watchfire/model'
import type { ExpositionFormat, LabelRecord, Metric as SeriesSample, MetricFamily } from '@watchfire/model'
import type { Collector } from './collector.js'
import { CollectError, ContentTypeError, DuplicateMetricError } from './errors.js'
import type { MetricBase, MetricObjectWithValues, MetricValue } from './metric-base.js'
import type { Series } from './series-table.js'

/** The text exposition format 0.0.4 content type. */
export type PrometheusContentType = 'text/plain; version=0.0.4; charset=utf-8'
/** The OpenMetrics 1.0 content type. */
export type OpenMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8'
/** The content types a registry's `metrics()` can produce. */
export type RegistryContentType = PrometheusContentType | OpenMetricsContentType

const PROMETHEUS: PrometheusContentType = 'text/plain; version=0.0.4; charset=utf-8'
const OPENMETRICS: OpenMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

/** The text 0.0.4 content type (prom-client's `prometheusContentType`). */
export const prometheusContentType: PrometheusContentType = PROMETHEUS
/** The OpenMetrics 1.0 content type (prom-client's `openMetricsContentType`). */
export const openMetricsContentType: OpenMetricsContentType = OPENMETRICS

/** Any metric a registry holds. */
export type RegisteredMetric = MetricBase<string, Series>

/**
 * A set of metrics and collectors exposed together (prom-client's Registry).
 *
 * Scrapes (`metrics()`, `collect()`, `serialize()`) run every metric's collect callback and every collector
 * concurrently, then snapshot the metrics; a failing callback fails the scrape with a `CollectError`.
 */
export class Registry<C extends RegistryContentType = PrometheusContentType> {
  /** The text 0.0.4 content type. */
  static get PROMETHEUS_CONTENT_TYPE(): PrometheusContentType {
    return PROMETHEUS
  }

  /** The OpenMetrics 1.0 content type. */
  static get OPENMETRICS_CONTENT_TYPE(): OpenMetricsContentType {
    return OPENMETRICS
  }

  private readonly byName = new Map<string, RegisteredMetric>()
  private collectors: Collector[] = []
  private defaultLabels: Record<string, string> = {}
  private defaultLabelNames: string[] = []
  // Series labels merged with the default labels, kept per series so writers keep hitting their caches.
  private labelCache = new WeakMap<LabelRecord, LabelRecord>()
  private type: C

  constructor(contentType: C = PROMETHEUS as C) {
    checkContentType(contentType)
    this.type = contentType
  }

  /** The content type `metrics()` produces. */
  get contentType(): C {
    return this.type
  }

  /** Switches `metrics()` between text 0.0.4 and OpenMetrics. */
  setContentType(contentType: C): void {
    checkContentType(contentType)
    this.type = contentType
  }

  /** Adds a metric; another metric with the same name is refused. Metrics register themselves on creation. */
  registerMetric(metric: RegisteredMetric): void {
    const existing = this.byName.get(metric.name)
    if (existing !== undefined && existing !== metric) {
      throw new DuplicateMetricError(
        `cannot register metric ${metric.name} (a metric with the name ${metric.name} has already been registered)`,
      )
    }
    this.byName.set(metric.name, metric)
  }

  /** Adds a custom collector whose families are exposed at every scrape. */
  registerCollector(collector: Collector): void {
    if (typeof collector?.collect !== 'function') {
      throw new CollectError('cannot register collector (it has no collect() method)')
    }
    if (!this.collectors.includes(collector)) this.collectors.push(collector)
  }

  /** Removes a collector added with `registerCollector`. */
  unregisterCollector(collector: Collector): void {
    this.collectors = this.collectors.filter((c) => c !== collector)
  }

  /** The metric registered under `name`, if any. */
  getSingleMetric(name: string): RegisteredMetric | undefined {
    return this.byName.get(name)
  }

  /** Removes the metric registered under `name`. */
  removeSingleMetric(name: string): void {
    this.byName.delete(name)
  }

  /** Registered metrics in registration order. */
  getMetricsAsArray(): RegisteredMetric[] {
    return [...this.byName.values()]
  }

  /** Removes every metric, collector and default label. */
  clear(): void {
    this.byName.clear()
    this.collectors = []
    this.setDefaultLabels({})
  }

  /** Resets every metric (see each metric's `reset()`). */
  resetMetrics(): void {
    for (const m of this.byName.values()) m.reset()
  }

  /** Labels added to every exposed series that does not already carry them. */
  setDefaultLabels(labels: object): void {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(labels)) out[k] = String(v)
    this.defaultLabels = out
    this.defaultLabelNames = Object.keys(out)
    this.labelCache = new WeakMap()
  }

  /** Every metric family: registered metrics (after their collect callbacks), then collectors' families. */
  async collect(): Promise<MetricFamily[]> {
    const metrics = [...this.byName.values()]
    const pending: Promise<void>[] = []
    for (const m of metrics) if (m.collect !== undefined) pending.push(runCallback(m))
    // Awaited together so a failure in one never leaves the other's rejection unhandled.
    const [, batches] = await Promise.all([
      Promise.all(pending),
      Promise.all(this.collectors.map(runCollector)),
    ])
    const families = metrics.map((m) => m.snapshot())
    const names = new Set(this.byName.keys())
    for (const batch of batches) {
      for (const f of batch) {
        if (names.has(f.name)) {
          throw new CollectError(`cannot collect metrics (two sources produce a family named ${f.name})`)
        }
        names.add(f.name)
        families.push(f)
      }
    }
    return this.defaultLabelNames.length === 0 ? families : families.map((f) => this.withDefaults(f))
  }

  /** Every metric in the registry's content type. */
  async metrics(): Promise<string> {
    return this.format(await this.collect())
  }

  /**
   * A scrape in the format the `Accept` header prefers (text 0.0.4, OpenMetrics 1.0 or delimited protobuf, as
   * client_golang negotiates); without a header, in the registry's content type.
   */
  async serialize(accept?: string): Promise<{ contentType: string; body: string | Uint8Array }> {
    const format: ExpositionFormat =
      accept === undefined || accept === ''
        ? this.type === OPENMETRICS
          ? 'openmetrics'
          : 'text'
        : negotiateFormat(accept)
    const body = serialize(await this.collect(), format)
    return { contentType: contentTypeFor(format), body }
  }

  /** One metric in the registry's content type, without the trailing newline (and `# EOF`), as prom-client does. */
  async getSingleMetricAsString(name: string): Promise<string> {
    const metric = this.byName.get(name)
    if (metric === undefined)
      throw new CollectError(`cannot format metric ${name} (no metric with this name is registered)`)
    if (metric.collect !== undefined) await runCallback(metric)
    const family = metric.snapshot()
    const text = this.format([this.defaultLabelNames.length === 0 ? family : this.withDefaults(family)])
    return text.replace(/(\n# EOF)?\n$/, '')
  }

  /** prom-client's JSON view of every metric, default labels applied. */
  async getMetricsAsJSON(): Promise<MetricObjectWithValues<MetricValue>[]> {
    const items = await Promise.all([...this.byName.values()].map((m) => m.get()))
    if (this.defaultLabelNames.length > 0) {
      for (const item of items) {
        for (const v of item.values) {
          for (const n of this.defaultLabelNames)
            if (!v.labels[n]) v.labels[n] = this.defaultLabels[n] as string
        }
      }
    }
    return items
  }

  /** A registry holding the metrics and collectors of all `registries`; duplicate names are refused. */
  static merge(registries: Registry<RegistryContentType>[]): Registry<RegistryContentType> {
    const type = registries[0]?.contentType ?? PROMETHEUS
    const merged = new Registry<RegistryContentType>(type)
    for (const r of registries) {
      if (r.contentType !== type) {
        throw new ContentTypeError(
          `cannot merge registries (content types differ: ${type} and ${r.contentType})`,
        )
      }
      for (const m of r.byName.values()) {
        if (merged.byName.has(m.name)) {
          throw new DuplicateMetricError(
            `cannot merge registries (metric ${m.name} is registered in more than one)`,
          )
        }
        merged.registerMetric(m)
      }
      for (const c of r.collectors) merged.registerCollector(c)
    }
    return merged
  }

  private format(families: readonly MetricFamily[]): string {
    return this.type === OPENMETRICS ? formatOpenMetrics(families) : formatText(families)
  }

  private withDefaults(family: MetricFamily): MetricFamily {
    const metrics: SeriesSample[] = family.metrics.map((m) => ({
      ...m,
      labels: this.labelsWithDefaults(m.labels),
    }))
    return { ...family, metrics }
  }

  private labelsWithDefaults(labels: LabelRecord): LabelRecord {
    let merged = this.labelCache.get(labels)
    if (merged === undefined) {
      const out: Record<string, string> = { ...labels }
      // An empty value means "no such label" in Prometheus, so the default fills it.
      for (const n of this.defaultLabelNames) if (!out[n]) out[n] = this.defaultLabels[n] as string
      merged = Object.freeze(out)
      this.labelCache.set(labels, merged)
    }
    return merged
  }
}

/** The global registry's content type; follows `register.setContentType()` (a live binding). */
export let contentType: RegistryContentType = PROMETHEUS

class GlobalRegistry extends Registry<RegistryContentType> {
  override setContentType(type: RegistryContentType): void {
    super.setContentType(type)
    contentType = type
  }
}

/** The registry metrics join when their configuration names no `registers`. */
export const register: Registry<RegistryContentType> = new GlobalRegistry()

function checkContentType(contentType: string): void {
  if (contentType !== PROMETHEUS && contentType !== OPENMETRICS) {
    throw new ContentTypeError(
      `cannot use content type ${contentType} (use the text 0.0.4 or OpenMetrics 1.0 type)`,
    )
  }
}

async function runCallback(metric: RegisteredMetric): Promise<void> {
  try {
    await metric.runCollect()
  } catch (err) {
    throw new CollectError(
      `cannot collect metric ${metric.name} (its collect callback failed: ${messageOf(err)})`,
      {
        cause: err,
      },
    )
  }
}

async function runCollector(collector: Collector, index: number): Promise<MetricFamily[]> {
  try {
    return await collector.collect()
  } catch (err) {
    const name = collector.constructor?.name ?? 'Object'
    throw new CollectError(`cannot collect from collector #${index} (${name} failed: ${messageOf(err)})`, {
      cause: err,
    })
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
