// The `@watchfire/client/prometheus-io` entry: @prometheus-io/client's API where it differs from prom-client's,
// the main entry's everywhere else.
import { ClusterRegistry } from './prometheus-io/cluster.js'
import type { RegistryContentType } from './registry.js'

export * from './index.js'
export { Registry, register } from './prometheus-io/registry.js'
export { ClusterRegistry, WorkerRegistry } from './prometheus-io/cluster.js'
export { collectDefaultMetrics } from './prometheus-io/default-metrics.js'
export type { DefaultMetricsCollectorConfiguration } from './prometheus-io/default-metrics.js'
export { Pushgateway } from './prometheus-io/pushgateway.js'
export type { PushgatewayOptions } from './prometheus-io/pushgateway.js'
export type { MetricObject, MetricType, MetricValueWithName } from './prometheus-io/metric-object.js'

/** @deprecated @prometheus-io/client's old name of {@link ClusterRegistry}. */
export const AggregatorRegistry = ClusterRegistry
/** @deprecated @prometheus-io/client's old name of {@link ClusterRegistry}. */
export type AggregatorRegistry<C extends RegistryContentType = RegistryContentType> = ClusterRegistry<C>
