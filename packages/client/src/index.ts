export type { MetricFamily } from '@watchfire/model'
export type { Collector } from './collector.js'
export { Registry, register, contentType, prometheusContentType, openMetricsContentType } from './registry.js'
export type {
  PrometheusContentType,
  OpenMetricsContentType,
  RegistryContentType,
  RegisteredMetric,
} from './registry.js'
export { Counter, CounterChild } from './counter.js'
export type { CounterConfiguration, IncreaseDataWithExemplar } from './counter.js'
export { Gauge, GaugeChild } from './gauge.js'
export type { GaugeConfiguration, GaugeMultiprocessMode } from './gauge.js'
export { Histogram, HistogramChild } from './histogram.js'
export type { HistogramConfiguration, NativeHistogramOptions, ObserveDataWithExemplar } from './histogram.js'
export { Summary, SummaryChild } from './summary.js'
export type { SummaryConfiguration } from './summary.js'
export type { Metric } from './metric.js'
export { MetricBase } from './metric-base.js'
export type {
  Aggregator,
  CollectFunction,
  LabelValues,
  MetricConfiguration,
  MetricObjectWithValues,
  MetricValue,
} from './metric-base.js'
export { linearBuckets, exponentialBuckets } from './bucket-generators.js'
export { validateMetricName, validateLabelName } from './validation.js'
export {
  MetricConfigError,
  LabelError,
  InvalidValueError,
  DuplicateMetricError,
  CollectError,
  ContentTypeError,
} from './errors.js'
export type { ExemplarJSON } from './exemplar.js'

// Default collectors, HTTP exposition and framework middleware.
export { collectDefaultMetrics } from './collectors/default-metrics.js'
export type { DefaultMetrics, DefaultMetricsCollectorConfiguration } from './collectors/default-metrics.js'
export { ProcessCollector } from './collectors/process-collector.js'
export type { ProcessCollectorOptions } from './collectors/process-collector.js'
export { EventLoopCollector } from './collectors/event-loop-collector.js'
export type { EventLoopCollectorOptions } from './collectors/event-loop-collector.js'
export { GcCollector, DEFAULT_GC_DURATION_BUCKETS } from './collectors/gc-collector.js'
export type { GcCollectorOptions } from './collectors/gc-collector.js'
export { HeapCollector } from './collectors/heap-collector.js'
export { HandlesCollector } from './collectors/handles-collector.js'
export { VersionCollector } from './collectors/version-collector.js'
export type { CollectorNaming } from './collectors/family-builder.js'
export { metricsHandler, writeResponse } from './http/metrics-handler.js'
export type { RequestHandler } from './http/metrics-handler.js'
export { startHttpServer } from './http/metrics-server.js'
export type { MetricsServer, MetricsServerOptions } from './http/metrics-server.js'
export type { ServerSecurityOptions } from './http/server-security.js'
export { renderMetrics } from './http/render-metrics.js'
export type {
  ExpositionSource,
  MetricsEndpointOptions,
  MetricsRequest,
  MetricsResponse,
  SerializedMetrics,
} from './http/render-metrics.js'
export { HttpMetrics, UNMATCHED_ROUTE } from './middleware/http-metrics.js'
export type { HttpMetricsOptions } from './middleware/http-metrics.js'
export { expressMetrics } from './middleware/express.js'
export type { ExpressLikeRequest, ExpressMiddleware } from './middleware/express.js'
export { fastifyMetrics } from './middleware/fastify.js'
export type {
  FastifyLikeInstance,
  FastifyLikeReply,
  FastifyLikeRequest,
  FastifyPlugin,
} from './middleware/fastify.js'
export { koaMetrics } from './middleware/koa.js'
export type { KoaLikeContext, KoaMiddleware } from './middleware/koa.js'
export { honoMetrics } from './middleware/hono.js'
export type { HonoLikeContext, HonoLikeRoute, HonoMiddleware } from './middleware/hono.js'
export {
  Pushgateway,
  PushgatewayError,
  PushgatewayStatusError,
  PushgatewayTimeoutError,
} from './pushgateway/index.js'
export type { PushgatewayOptions, PushParameters, PushRegistry, PushResult } from './pushgateway/index.js'
export { timed, trackInProgress, countExceptions } from './instrument/wrappers.js'
export type {
  Observer,
  UpDown,
  Increment,
  InstrumentOptions,
  CountExceptionsOptions,
} from './instrument/wrappers.js'
export { Timed, InProgress, CountExceptions } from './instrument/decorators.js'
export type { MethodDecorator } from './instrument/decorators.js'

// Multi-process mode: workers share their metrics through a directory; WATCHFIRE_MULTIPROC_DIR enables it.
export {
  enableMultiprocess,
  MultiprocessWriter,
  MultiprocessCollector,
  AggregatorRegistry,
  MultiprocessError,
  MultiprocessFileError,
  DIRECTORY_ENV as MULTIPROC_DIRECTORY_ENV,
  DEFAULT_FLUSH_INTERVAL_MS,
} from './multiprocess/index.js'
export type { MultiprocessOptions, MultiprocessCollectorOptions } from './multiprocess/index.js'
// Side effect: with WATCHFIRE_MULTIPROC_DIR set, this process shares the global registry from load on.
import './multiprocess/auto-enable.js'
