export type { MetricFamily } from '@watchfire/model'
