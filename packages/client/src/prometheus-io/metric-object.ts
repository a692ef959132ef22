import type { Aggregator, MetricValue } from '../metric-base.js'

/** The metric type in JSON views, as @prometheus-io/client types it (prom-client used a numeric enum). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary'

/** A metric's description in JSON views. */
export interface MetricObject {
  name: string
  help: string
  type: MetricType
  aggregator: Aggregator
}

/** One JSON value together with the sample name it is exposed under. */
export type MetricValueWithName = MetricValue & { metricName: string }
