import { Counter, Gauge, Summary, type Registry } from '@watchfire/client'

/**
 * The notifier's self-metrics with Prometheus 2.42's names, help texts and labels: per
 * Alertmanager URL (`alertmanager`) the send latency, errors and alerts sent; overall the
 * dropped alerts and the queue's length and capacity, and how many Alertmanagers are active.
 */
export class NotifierMetrics {
  readonly latency: Summary<'alertmanager'>
  readonly errors: Counter<'alertmanager'>
  readonly sent: Counter<'alertmanager'>
  readonly dropped: Counter

  /** Registers with `registry` (nowhere when undefined); the gauges read `queueLength` and `discovered` when scraped. */
  constructor(
    registry: Registry | undefined,
    queueCapacity: number,
    queueLength: () => number,
    discovered: () => number,
  ) {
    const registers = registry === undefined ? [] : [registry]
    this.latency = new Summary({
      name: 'prometheus_notifications_latency_seconds',
      help: 'Latency quantiles for sending alert notifications.',
      labelNames: ['alertmanager'] as const,
      percentiles: [0.5, 0.9, 0.99],
      // client_golang's defaults for a summary: a 10 minute window in 5 age buckets.
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers,
    })
    this.errors = new Counter({
      name: 'prometheus_notifications_errors_total',
      help: 'Total number of errors sending alert notifications.',
      labelNames: ['alertmanager'] as const,
      registers,
    })
    this.sent = new Counter({
      name: 'prometheus_notifications_sent_total',
      help: 'Total number of alerts sent.',
      labelNames: ['alertmanager'] as const,
      registers,
    })
    this.dropped = new Counter({
      name: 'prometheus_notifications_dropped_total',
      help: 'Total number of alerts dropped due to errors when sending to Alertmanager.',
      registers,
    })
    new Gauge({
      name: 'prometheus_notifications_queue_length',
      help: 'The number of alert notifications in the queue.',
      registers,
      collect() {
        this.set(queueLength())
      },
    })
    new Gauge({
      name: 'prometheus_notifications_queue_capacity',
      help: 'The capacity of the alert notifications queue.',
      registers,
    }).set(queueCapacity)
    new Gauge({
      name: 'prometheus_notifications_alertmanagers_discovered',
      help: 'The number of alertmanagers discovered and active.',
      registers,
      collect() {
        this.set(discovered())
      },
    })
  }

  /** Makes the per-Alertmanager counters visible at 0 as soon as an Alertmanager is discovered, as Prometheus does. */
  initAlertmanager(url: string): void {
    this.sent.inc({ alertmanager: url }, 0)
    this.errors.inc({ alertmanager: url }, 0)
  }
}
