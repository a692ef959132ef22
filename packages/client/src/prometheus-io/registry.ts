import { Registry as BaseRegistry, register as baseRegister } from '../registry.js'
import type { PrometheusContentType, RegisteredMetric, RegistryContentType } from '../registry.js'
import type { MetricObjectWithValues, MetricValue } from '../metric-base.js'
import { aggregateJSON } from '../multiprocess/json-aggregate.js'
import type { MetricJSON } from '../multiprocess/json-aggregate.js'

/** Registered metrics, keeping only those whose `aggregator` is `aggregator` when one is given. */
export function metricsAsArray(
  registry: BaseRegistry<RegistryContentType>,
  aggregator?: string,
): RegisteredMetric[] {
  const all = BaseRegistry.prototype.getMetricsAsArray.call(registry)
  return aggregator === undefined ? all : all.filter((m) => m.aggregator === aggregator)
}

/** The JSON view of the registered metrics, filtered by `aggregator` when one is given. */
export async function metricsAsJSON(
  registry: BaseRegistry<RegistryContentType>,
  aggregator?: string,
): Promise<MetricObjectWithValues<MetricValue>[]> {
  const all = await BaseRegistry.prototype.getMetricsAsJSON.call(registry)
  return aggregator === undefined ? all : all.filter((m) => m.aggregator === aggregator)
}

/** One metric in the registry's content type, as `getSingleMetricAsString` renders it, registered here or not. */
export async function metricAsString(
  registry: BaseRegistry<RegistryContentType>,
  metric: RegisteredMetric,
): Promise<string> {
  if (registry.getSingleMetric(metric.name) === metric) return registry.getSingleMetricAsString(metric.name)
  // A metric from elsewhere is rendered alone, without this registry's default labels.
  const alone = new BaseRegistry<RegistryContentType>(registry.contentType)
  alone.registerMetric(metric)
  return alone.getSingleMetricAsString(metric.name)
}

/**
 * @prometheus-io/client's Registry: prom-client's, plus aggregator filters on `getMetricsAsArray` and
 * `getMetricsAsJSON`, `getMetricsAsString(metric)` and `Registry.aggregate`. Its content-type parameter defaults
 * to either type, as that package's typings do.
 */
export class Registry<C extends RegistryContentType = RegistryContentType> extends BaseRegistry<C> {
  constructor(regContentType?: C) {
    super(regContentType)
  }

  /** Registered metrics; with `aggregator`, only those combined across workers that way. */
  override getMetricsAsArray(aggregator?: string): RegisteredMetric[] {
    return metricsAsArray(this, aggregator)
  }

  /** The JSON view; with `aggregator`, only the metrics combined across workers that way. */
  override getMetricsAsJSON(aggregator?: string): Promise<MetricObjectWithValues<MetricValue>[]> {
    return metricsAsJSON(this, aggregator)
  }

  /** One metric in this registry's content type. */
  getMetricsAsString(metric: RegisteredMetric): Promise<string> {
    return metricAsString(this, metric)
  }

  /** A registry exposing several `getMetricsAsJSON()` results combined by each metric's aggregator. */
  static aggregate<T extends RegistryContentType = PrometheusContentType>(
    metricsArr: Array<object>,
    contentType?: T,
  ): Registry<T> {
    const families = aggregateJSON(metricsArr as MetricJSON[][])
    const registry = new Registry<T>(contentType)
    registry.registerCollector({ collect: () => families })
    return registry
  }
}

const OVERRIDDEN = new Set<PropertyKey>(['getMetricsAsArray', 'getMetricsAsJSON', 'getMetricsAsString'])

/**
 * The global registry seen through @prometheus-io/client's API. It is the main entry's `register` itself (metrics
 * created through either entry land in it), with this entry's methods in place of prom-client's.
 */
export const register: Registry<RegistryContentType> = new Proxy(baseRegister, {
  get(target, key) {
    return OVERRIDDEN.has(key) ? Reflect.get(Registry.prototype, key) : Reflect.get(target, key)
  },
  getPrototypeOf: () => Registry.prototype,
}) as Registry<RegistryContentType>
