import cluster from 'node:cluster'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from '../registry.js'
import type { PrometheusContentType, RegistryContentType } from '../registry.js'
import { MultiprocessCollector } from './collector.js'
import { MultiprocessError } from './errors.js'
import { aggregateJSON } from './json-aggregate.js'
import type { MetricJSON } from './json-aggregate.js'
import { DIRECTORY_ENV, enableMultiprocess } from './writer.js'

/**
 * prom-client's AggregatorRegistry on top of the multi-process mode. Constructed in the cluster primary, it
 * picks the shared directory (`WATCHFIRE_MULTIPROC_DIR`, else a fresh one per primary) and exports it to the
 * workers it forks, which share their metrics by themselves when they load the client. `clusterMetrics()` reads
 * the directory: no IPC, so a slow or hung worker never fails the scrape and dead workers' counters stay.
 */
export class AggregatorRegistry<C extends RegistryContentType = PrometheusContentType> extends Registry<C> {
  private readonly collector: MultiprocessCollector

  constructor(contentType?: C, options: { directory?: string; onError?: (error: Error) => void } = {}) {
    super(contentType)
    const directory =
      options.directory ?? process.env[DIRECTORY_ENV] ?? join(tmpdir(), `watchfire-cluster-${process.pid}`)
    // Forked workers inherit the environment, so they find the directory without configuration.
    if (cluster.isPrimary) process.env[DIRECTORY_ENV] = directory
    this.collector = new MultiprocessCollector({ directory, onError: options.onError })
    this.registerCollector(this.collector)
  }

  /** Every worker's metrics, merged, in the registry's content type. */
  clusterMetrics(): Promise<string> {
    return this.metrics()
  }

  /** prom-client's `aggregate`: a registry exposing several `getMetricsAsJSON()` results combined by aggregator. */
  static aggregate<T extends RegistryContentType = PrometheusContentType>(
    metricsArr: Array<object>,
    contentType?: T,
  ): Registry<T> {
    const families = aggregateJSON(metricsArr as MetricJSON[][])
    const registry = new Registry<T>(contentType)
    registry.registerCollector({ collect: () => families })
    return registry
  }

  /** In a worker: the registries it shares (default: the global registry). */
  static setRegistries(regs: Registry<RegistryContentType> | Registry<RegistryContentType>[]): void {
    const list = Array.isArray(regs) ? regs : [regs]
    for (const r of list) {
      if (!(r instanceof Registry))
        throw new MultiprocessError(`cannot share registries (expected a Registry, got ${typeof r})`)
    }
    enableMultiprocess({ registers: list })
  }
}
