import type { IncomingMessage, ServerResponse } from 'node:http'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, metricsHandler } from '@watchfire/client'
import type { DBStats } from '@watchfire/tsdb'

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

  constructor(dbStats: () => DBStats) {
    new Gauge({
      name: 'prometheus_build_info',
      help: "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which prometheus was built.",
      labelNames: ['version', 'revision', 'branch', 'goversion'] as const,
      registers: [this.registry],
    }).set({ version: SERVER_VERSION, revision: '', branch: '', goversion: process.version }, 1)
    const gauge = (name: string, help: string, read: (s: DBStats) => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(dbStats()))
        },
      })
    }
    gauge('prometheus_tsdb_head_series', 'Total number of series in the head block.', (s) => s.headSeries)
    gauge('prometheus_tsdb_head_chunks', 'Total number of chunks in the head block.', (s) => s.headChunks)
    gauge('prometheus_tsdb_blocks_loaded', 'Number of currently loaded data blocks', (s) => s.blocksLoaded)
    const counter = (name: string, help: string, read: (s: DBStats) => number): void => {
      let seen = 0
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          // The store keeps running totals; the counter advances by what happened since the last scrape.
          const now = read(dbStats())
          if (now > seen) this.inc(now - seen)
          seen = now
        },
      })
    }
    counter(
      'prometheus_tsdb_head_samples_appended_total',
      'Total number of appended samples.',
      (s) => s.samplesAppended,
    )
    counter(
      'prometheus_tsdb_out_of_order_samples_total',
      'Total number of out of order samples ingestion failed attempts due to OOO being disabled.',
      (s) => s.outOfOrderSamples + s.duplicateSamples,
    )
    counter(
      'prometheus_tsdb_out_of_bound_samples_total',
      'Total number of out of bound samples ingestion failed attempts with out of order support disabled.',
      (s) => s.outOfBoundsSamples,
    )
    counter(
      'prometheus_tsdb_head_series_created_total',
      'Total number of series created in the head',
      (s) => s.seriesCreated,
    )
    counter(
      'prometheus_tsdb_head_series_removed_total',
      'Total number of series removed in the head',
      (s) => s.seriesRemoved,
    )
    counter(
      'prometheus_tsdb_compactions_total',
      'Total number of compactions that were executed for the partition.',
      (s) => s.compactions,
    )
    counter(
      'prometheus_tsdb_wal_corruptions_total',
      'Total number of WAL corruptions.',
      (s) => s.walCorruptions,
    )
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
    return metricsHandler(this.registry)
  }

  /** Stops the runtime collectors' timers. */
  close(): void {
    this.stopDefaults()
  }
}
