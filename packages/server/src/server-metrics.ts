import type { IncomingMessage, ServerResponse } from 'node:http'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, metricsHandler } from '@watchfire/client'
import type { DBStats } from '@watchfire/tsdb'
import { registerTsdbMetrics } from './tsdb-metrics.js'

/** The version the server reports in buildinfo and `prometheus_build_info`. */
export const SERVER_VERSION = '2.42.0-watchfire'

/**
 * The server's own metrics, with Prometheus's names where they mean the same: HTTP requests,
 * config reloads, readiness, the TSDB's head and append counters, plus the process and Node.js
 * runtime metrics in place of Go's. Served on /metrics through @watchfire/client.
 */
export class ServerMetrics {
  readonly registry = new Registry()
  private readonly requests = new Counter({
    name: 'prometheus_http_requests_total',
    help: 'Counter of HTTP requests.',
    labelNames: ['code', 'handler'] as const,
    registers: [this.registry],
  })
  private readonly durations = new Histogram({
    name: 'prometheus_http_request_duration_seconds',
    help: 'Histogram of latencies for HTTP requests.',
    labelNames: ['handler'] as const,
    buckets: [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120],
    registers: [this.registry],
  })
  private readonly reloadOk = new Gauge({
    name: 'prometheus_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [this.registry],
  })
  private readonly reloadTime = new Gauge({
    name: 'prometheus_config_last_reload_success_timestamp_seconds',
    help: 'Timestamp of the last successful configuration reload.',
    registers: [this.registry],
  })
  private readonly ready = new Gauge({
    name: 'prometheus_ready',
    help: 'Whether Prometheus startup was fully completed and the server is ready for normal operation.',
    registers: [this.registry],
  })
  private readonly stopDefaults: () => void

  /** `dbStats` feeds the prometheus_tsdb_* metrics; the agent, which has no TSDB, leaves it out. */
  constructor(dbStats?: () => DBStats) {
    new Gauge({
      name: 'prometheus_build_info',
      help: "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which prometheus was built.",
      labelNames: ['version', 'revision', 'branch', 'goversion'] as const,
      registers: [this.registry],
    }).set({ version: SERVER_VERSION, revision: '', branch: '', goversion: process.version }, 1)
    if (dbStats !== undefined) registerTsdbMetrics(this.registry, dbStats)
    this.stopDefaults = collectDefaultMetrics({ register: this.registry }).stop
  }

  /** Counts one handled request. */
  observeRequest(handler: string, code: number, durationMs: number): void {
    this.requests.inc({ code: String(code), handler })
    this.durations.observe({ handler }, durationMs / 1000)
  }

  /** Records a reload outcome. */
  observeReload(ok: boolean, nowMs: number): void {
    this.reloadOk.set(ok ? 1 : 0)
    if (ok) this.reloadTime.set(nowMs / 1000)
  }

  /** Marks the server ready (or not). */
  setReady(ready: boolean): void {
    this.ready.set(ready ? 1 : 0)
  }

  /** The /metrics request handler. */
  handler(): (req: IncomingMessage, res: ServerResponse) => void {
    // Prometheus's /metrics is client_golang's promhttp, which sends no Vary header.
    return metricsHandler(this.registry, { vary: false })
  }

  /** Stops the runtime collectors' timers. */
  close(): void {
    this.stopDefaults()
  }
}
