import { isMainThread } from 'node:worker_threads'
import type { MetricObjectWithValues, MetricValue } from '../metric-base.js'
import { AggregatorRegistry } from '../multiprocess/aggregator-registry.js'
import { DIRECTORY_ENV, enableMultiprocess } from '../multiprocess/writer.js'
import type { RegisteredMetric, RegistryContentType } from '../registry.js'
import { metricAsString, metricsAsArray, metricsAsJSON, Registry } from './registry.js'

/**
 * @prometheus-io/client's ClusterRegistry (its AggregatorRegistry renamed): construct it in the cluster primary
 * before forking; `clusterMetrics()` merges every worker's metrics through the multi-process directory.
 */
export class ClusterRegistry<
  C extends RegistryContentType = RegistryContentType,
> extends AggregatorRegistry<C> {
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

  /** See `Registry.aggregate`. */
  static override aggregate<T extends RegistryContentType = RegistryContentType>(
    metricsArr: Array<object>,
    contentType?: T,
  ): Registry<T> {
    return Registry.aggregate(metricsArr, contentType)
  }
}

/**
 * @prometheus-io/client's WorkerRegistry for `worker_threads`: construct it in the main thread before starting
 * workers, which inherit the multi-process directory through their environment; `workerMetrics()` merges every
 * thread's metrics, the main thread's included.
 */
export class WorkerRegistry<C extends RegistryContentType = RegistryContentType> extends ClusterRegistry<C> {
  /** Whether this thread reads the merged metrics (default: the main thread). */
  readonly primary: boolean

  constructor(regContentType?: C, primary: boolean = isMainThread) {
    super(regContentType)
    this.primary = primary
  }

  /** Every thread's metrics, merged, in the registry's content type. */
  workerMetrics(): Promise<string> {
    return this.clusterMetrics()
  }

  /**
   * Call before the thread ends: a worker writes its final state (so its counters survive it); the primary has
   * nothing in flight, since reads go to the directory.
   */
  async shutdown(): Promise<void> {
    const directory = process.env[DIRECTORY_ENV]
    if (!this.primary && directory !== undefined && directory !== '')
      enableMultiprocess({ directory }).close()
  }
}
