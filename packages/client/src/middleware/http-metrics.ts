import { performance } from 'node:perf_hooks'
import { Counter } from '../counter.js'
import { Histogram } from '../histogram.js'
import type { NativeHistogramOptions } from '../histogram.js'
import { register } from '../registry.js'
import type { Registry, RegistryContentType } from '../registry.js'
import type { MetricsEndpointOptions } from '../http/render-metrics.js'

/** The `route` label value of requests that matched no route, as fastify-metrics spells it. */
export const UNMATCHED_ROUTE = '__unknown__'

/** Options every framework middleware accepts. */
export interface HttpMetricsOptions extends MetricsEndpointOptions {
  /** Registry holding the request metrics and served on {@link metricsPath}; default the global `register`. */
  registry?: Registry<RegistryContentType>
  /** Prepended to the metric names, e.g. `myapp_` gives `myapp_http_requests_total`. */
  prefix?: string
  /** Classic bucket bounds of the duration histogram in seconds; default prom-client's. */
  buckets?: number[]
  /** Also keep native buckets on the duration histogram (exposed through protobuf). */
  nativeHistogram?: NativeHistogramOptions
  /** `route` label of requests no route matched (404s); default {@link UNMATCHED_ROUTE}. */
  unmatchedRoute?: string
  /**
   * Path on which the middleware also serves the registry, default `/metrics`; `false` serves
   * nothing. Scrapes of this path are not counted.
   */
  metricsPath?: string | false
}

type RequestLabel = 'method' | 'route' | 'status_code'
const LABEL_NAMES: readonly RequestLabel[] = ['method', 'route', 'status_code']

/**
 * The two request metrics every middleware records: `http_requests_total` and
 * `http_request_duration_seconds`, labelled by method, route template and status code. The route is
 * the template the framework matched (`/users/:id`), never the raw path, so the label set stays
 * bounded however many distinct URLs clients send.
 */
export class HttpMetrics {
  /** The registry the metrics live in. */
  readonly registry: Registry<RegistryContentType>
  /** Where to serve the registry, or `undefined` when the middleware serves nothing. */
  readonly metricsPath: string | undefined
  /** Options for the metrics endpoint. */
  readonly endpoint: MetricsEndpointOptions
  private readonly unmatchedRoute: string
  private readonly requests: Counter<RequestLabel>
  private readonly duration: Histogram<RequestLabel>

  constructor(options: HttpMetricsOptions = {}) {
    this.registry = options.registry ?? register
    this.metricsPath = options.metricsPath === false ? undefined : (options.metricsPath ?? '/metrics')
    this.endpoint = { gzip: options.gzip }
    this.unmatchedRoute = options.unmatchedRoute ?? UNMATCHED_ROUTE
    const prefix = options.prefix ?? ''
    // Reuse metrics an earlier middleware registered (two apps, or one app per test), instead of
    // failing on the duplicate name.
    const existingRequests = this.registry.getSingleMetric(`${prefix}http_requests_total`)
    this.requests =
      existingRequests instanceof Counter
        ? (existingRequests as Counter<RequestLabel>)
        : new Counter({
            name: `${prefix}http_requests_total`,
            help: 'Total number of HTTP requests by method, route template and status code.',
            labelNames: LABEL_NAMES,
            registers: [this.registry],
          })
    const existingDuration = this.registry.getSingleMetric(`${prefix}http_request_duration_seconds`)
    this.duration =
      existingDuration instanceof Histogram
        ? (existingDuration as Histogram<RequestLabel>)
        : new Histogram({
            name: `${prefix}http_request_duration_seconds`,
            help: 'Duration of HTTP requests in seconds by method, route template and status code.',
            labelNames: LABEL_NAMES,
            buckets: options.buckets,
            nativeHistogram: options.nativeHistogram,
            registers: [this.registry],
          })
  }

  /** A start mark for {@link observe}. */
  start(): number {
    return performance.now()
  }

  /** Records one finished request; `route` is the matched template, `undefined` when none matched. */
  observe(method: string, route: string | undefined, statusCode: number, startMark: number): void {
    const labels = {
      method: method.toUpperCase(),
      route: route === undefined || route === '' ? this.unmatchedRoute : route,
      status_code: String(statusCode),
    }
    this.requests.inc(labels)
    this.duration.observe(labels, (performance.now() - startMark) / 1000)
  }

  /** True if `url` (path and optional query) is the metrics path. */
  isMetricsPath(url: string): boolean {
    if (this.metricsPath === undefined) return false
    const query = url.indexOf('?')
    return (query < 0 ? url : url.slice(0, query)) === this.metricsPath
  }
}
