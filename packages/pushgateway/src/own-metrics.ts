import type { DefaultMetrics } from '@watchfire/client'
import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from '@watchfire/client'
import type { MetricFamily } from '@watchfire/model'

/** The version this gateway reports in `pushgateway_build_info` and `/api/v1/status`. */
export const PUSHGATEWAY_VERSION = '1.5.1-watchfire'

/**
 * The gateway's own metrics, named as the original's (`pushgateway_http_requests_total`,
 * `pushgateway_http_push_duration_seconds`, `pushgateway_http_push_size_bytes`, `pushgateway_build_info`),
 * plus the process and Node.js runtime metrics in place of Go's.
 */
export class OwnMetrics {
  private readonly registry = new Registry()
  private readonly defaults: DefaultMetrics
  private readonly requests = new Counter({
    name: 'pushgateway_http_requests_total',
    help: 'Total HTTP requests processed by the Pushgateway, excluding scrapes.',
    labelNames: ['handler', 'code', 'method'] as const,
    registers: [this.registry],
  })
  private readonly pushDuration = new Summary({
    name: 'pushgateway_http_push_duration_seconds',
    help: 'HTTP request duration for pushes to the Pushgateway.',
    labelNames: ['method'] as const,
    percentiles: [0.1, 0.5, 0.9],
    registers: [this.registry],
  })
  private readonly pushSize = new Summary({
    name: 'pushgateway_http_push_size_bytes',
    help: 'HTTP request size for pushes to the Pushgateway.',
    labelNames: ['method'] as const,
    percentiles: [0.1, 0.5, 0.9],
    registers: [this.registry],
  })

  private readonly rejected = new Counter({
    name: 'watchfire_http_requests_rejected_total',
    help: 'Requests and connections refused because they exceeded a limit, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })

  constructor() {
    new Gauge({
      name: 'pushgateway_build_info',
      help: "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which pushgateway was built.",
      labelNames: ['version', 'revision', 'branch', 'goversion'] as const,
      registers: [this.registry],
    }).set({ version: PUSHGATEWAY_VERSION, revision: '', branch: '', goversion: process.version }, 1)
    this.defaults = collectDefaultMetrics({ register: this.registry })
  }

  /** Counts one handled request (every handler but the scrape, as in the original). */
  countRequest(handler: string, code: number, method: string): void {
    this.requests.inc({ handler, code: String(code), method: method.toLowerCase() })
  }

  /** Counts one request or connection refused for exceeding a limit. */
  countRejected(reason: string): void {
    this.rejected.inc({ reason })
  }

  /** Records one push's duration and body size. */
  observePush(method: string, durationMs: number, sizeBytes: number): void {
    const labels = { method: method.toLowerCase() }
    this.pushDuration.observe(labels, durationMs / 1000)
    this.pushSize.observe(labels, sizeBytes)
  }

  /** The current families, for `/metrics` and the consistency check. */
  collect(): Promise<MetricFamily[]> {
    return this.registry.collect()
  }

  /** Stops the runtime collectors' background observers. */
  stop(): void {
    this.defaults.stop()
  }
}
